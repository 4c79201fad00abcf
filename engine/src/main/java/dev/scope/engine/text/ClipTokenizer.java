package dev.scope.engine.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.scope.engine.resid.ClipConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optMaxLength(positions)
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
            return new ClipTokenizer(t, positions, padId);
        } catch (RuntimeException e) {
            throw new ClipConfigException("The tokenizer " + tokenizerJson + " could not be read (" + e.getMessage()
                    + "); it must be a Hugging Face tokenizer.json.");
        }
    }

    public Tokens encode(List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("No prompts were given; pass at least one.");
        }
        int[][] ids = new int[prompts.size()][];
        List<String> notes = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            Encoding e = tokenizer.encode(prompts.get(p));
            long[] raw = e.getIds();
            ids[p] = new int[positions];
            Arrays.fill(ids[p], padId);
            for (int i = 0; i < raw.length; i++) {
                ids[p][i] = Math.toIntExact(raw[i]);
            }
            if (e.exceedMaxLength()) {
                notes.add("Prompt " + (p + 1) + " (\"" + shorten(prompts.get(p)) + "\") is longer than CLIP's "
                        + positions + " positions; only its first " + (positions - 2) + " tokens were used.");
            }
        }
        return new Tokens(prompts, ids, notes);
    }

    private static String shorten(String prompt) {
        return prompt.length() <= 40 ? prompt : prompt.substring(0, 37) + "…";
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
