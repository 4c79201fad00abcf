package dev.scope.engine.text;

import ai.djl.ndarray.NDManager;
import dev.scope.engine.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prompts to text embeddings: the tokenizer and the text tower together, with each prompt's embedding
 * kept once computed (a prompt set such as ImageNet's 1000 classes is encoded once per session), and
 * the zero-shot labels of image embeddings against a prompt list.
 */
public final class PromptEncoder implements AutoCloseable {
    /** Prompts encoded per text-tower pass, bounding its memory. */
    private static final int BATCH = 64;
    /** Cached embeddings are dropped beyond this many prompts. */
    private static final int CACHE_LIMIT = 50_000;

    private final ClipTokenizer tokenizer;
    private final ClipText tower;
    private final Map<String, float[]> cache = new HashMap<>();
    private final Set<String> cut = new HashSet<>();

    public PromptEncoder(ClipTokenizer tokenizer, ClipText tower) {
        this.tokenizer = tokenizer;
        this.tower = tower;
    }

    /** The text side of a Hugging Face CLIPModel folder and its tokenizer.json, weights kept as {@code storage}. */
    public static PromptEncoder load(Path clipFolder, Path tokenizerJson, NDManager parent,
                                     ai.djl.ndarray.types.DataType storage) throws IOException {
        ClipText tower = ClipText.load(clipFolder, parent, storage);
        try {
            TextConfig c = tower.config();
            return new PromptEncoder(ClipTokenizer.load(tokenizerJson, c.maxPositions(), c.padTokenId()), tower);
        } catch (IOException | RuntimeException e) {
            tower.close();
            throw e;
        }
    }

    /** The demo scope's text side: a random tower over the demo tokenizer. */
    public static PromptEncoder demo(TextConfig cfg, NDManager parent, long seed) throws IOException {
        ClipText tower = ClipText.random(cfg, parent, seed);
        try {
            return new PromptEncoder(ClipTokenizer.demo(cfg.maxPositions(), cfg.padTokenId()), tower);
        } catch (IOException | RuntimeException e) {
            tower.close();
            throw e;
        }
    }

    /** Opens a text side in a manager (so a scope can defer it to first use). */
    @FunctionalInterface
    public interface Opener {
        PromptEncoder open(NDManager manager) throws IOException;
    }

    public ClipText tower() {
        return tower;
    }

    /** (prompts, projectionDim) text embeddings, in the order given. */
    public synchronized Matrix embed(List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("No prompts were given; pass at least one.");
        }
        List<String> missing = prompts.stream().distinct().filter(p -> !cache.containsKey(p)).toList();
        if (cache.size() + missing.size() > CACHE_LIMIT) {
            cache.clear();
            cut.clear();
            missing = prompts.stream().distinct().toList();
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
            Tokens tokens = tokenizer.encode(batch);
            TextOutput out = tower.forward(tokens.ids(), false);
            Matrix embeds = out.textEmbeds();
            for (int i = 0; i < batch.size(); i++) {
                cache.put(batch.get(i), embeds.row(i));
            }
            for (int i = 0; i < batch.size(); i++) {
                if (tokens.cut()[i]) {
                    cut.add(batch.get(i));
                }
            }
        }
        int dim = tower.config().projectionDim();
        float[] all = new float[prompts.size() * dim];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(cache.get(prompts.get(i)), 0, all, i * dim, dim);
        }
        return new Matrix(prompts.size(), dim, all);
    }

    /** The zero-shot labels of each row of {@code imageEmbeds} over {@code prompts}. */
    public List<Labels> labels(Matrix imageEmbeds, List<String> prompts) {
        Matrix text = embed(prompts);
        Matrix logits = ZeroShot.logits(imageEmbeds, text, tower.logitScale());
        Matrix probs = ZeroShot.probabilities(logits);
        List<String> cut = notesFor(prompts);
        List<Labels> out = new ArrayList<>();
        for (int i = 0; i < imageEmbeds.rows(); i++) {
            out.add(new Labels(prompts, logits.row(i), probs.row(i), cut));
        }
        return out;
    }

    /** The notes of prompts that were cut to the model's positions, numbered as in {@code prompts}. */
    private synchronized List<String> notesFor(List<String> prompts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (cut.contains(prompts.get(i))) {
                out.add(Tokens.note(i, prompts.get(i), tower.config().maxPositions()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
        tower.close();
    }
}
