package dev.scope.engine.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.scope.engine.resid.ClipConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A CLIP repo's {@code tokenizer.json} (byte-level BPE, lower-cased, {@code </w>} word ends, BOS and
 * EOS added around each text), run by Hugging Face's own tokenizers library through DJL. Rows are cut
 * to the model's positions keeping their EOS, with a note, and padded with {@code pad_token_id}
 * (what follows EOS never reaches the pooled embedding: the mask is causal).
 *
 * <pre>
 * jshell&gt; try (var tok = ClipTokenizer.load(Path.of("tiny-clip/tokenizer.json"), 77, 0)) {
 *    ...&gt;     tok.encode(List.of("a photo of a cat.")).ids()[0];   // [998, 320, 703, …, 999, 0, …]
 *    ...&gt; }
 * </pre>
 */
public final class ClipTokenizer implements AutoCloseable {
    public static final String FILE = "tokenizer.json";
    private static final String DEMO = "demo-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final int positions;
    private final int padId;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, int positions, int padId) {
        this.tokenizer = tokenizer;
        this.positions = positions;
        this.padId = padId;
    }

    public static ClipTokenizer load(Path tokenizerJson, int positions, int padId) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ClipConfigException("There is no " + FILE + " at " + tokenizerJson
                    + "; the text side needs the CLIP repo's tokenizer.json beside its config.json.");
        }
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return load(in, tokenizerJson.toString(), positions, padId);
        }
    }

    /** The demo scope's tokenizer: the 1000-id one of the test fixtures, in CLIP's structure. */
    public static ClipTokenizer demo(int positions, int padId) throws IOException {
        try (InputStream in = ClipTokenizer.class.getResourceAsStream(DEMO)) {
            return load(in, DEMO, positions, padId);
        }
    }

    private static ClipTokenizer load(InputStream json, String name, int positions, int padId) throws IOException {
        Map<String, String> options = Map.of("addSpecialTokens", "true", "maxLength", String.valueOf(positions),
                "truncation", "true", "padding", "false");
        try {
            return new ClipTokenizer(HuggingFaceTokenizer.newInstance(json, options), positions, padId);
        } catch (RuntimeException e) {
            throw new ClipConfigException("The tokenizer " + name + " could not be read (" + e.getMessage()
                    + "); it must be a Hugging Face tokenizer.json.");
        }
    }

    public Tokens encode(List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("No prompts were given; pass at least one.");
        }
        int[][] ids = new int[prompts.size()][];
        boolean[] cut = new boolean[prompts.size()];
        for (int p = 0; p < prompts.size(); p++) {
            Encoding e = tokenizer.encode(prompts.get(p));
            long[] raw = e.getIds();
            ids[p] = new int[positions];
            Arrays.fill(ids[p], padId);
            for (int i = 0; i < raw.length; i++) {
                ids[p][i] = Math.toIntExact(raw[i]);
            }
            cut[p] = e.exceedMaxLength();
        }
        return new Tokens(prompts, ids, cut);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
