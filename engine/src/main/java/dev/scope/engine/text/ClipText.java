package dev.scope.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.resid.ClipConfigException;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.EncoderBlock;
import dev.scope.engine.resid.WeightReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.scope.engine.resid.TowerOps.layerNorm;
import static dev.scope.engine.resid.TowerOps.typed;

/**
 * CLIP's text tower (transformers' {@code CLIPTextTransformer}) on DJL arrays: token plus position
 * embeddings, the vision tower's blocks with a causal mask, {@code final_layer_norm}, the hidden state
 * at each row's EOS token ({@link EosPooling}) and {@code text_projection}.
 *
 * <pre>
 * jshell&gt; try (var text = ClipText.load(Path.of("tiny-clip"), NDManager.newBaseManager())) {
 *    ...&gt;     text.forward(new int[][] {{998, 5, 999}}).textEmbeds();   // (1, 32)
 *    ...&gt; }
 * </pre>
 */
public final class ClipText implements AutoCloseable {
    private final TextConfig config;
    private final NDManager manager;
    private final TextWeights weights;

    private ClipText(TextConfig config, NDManager manager, TextWeights weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
    }

    /** Reads the text tower (float32) from a Hugging Face CLIPModel folder; the vision weights are not touched. */
    public static ClipText load(Path folder, NDManager parent) throws IOException {
        return load(folder, parent, DataType.FLOAT32);
    }

    /** As {@link #load(Path, NDManager)}, keeping the weights as {@code storage} (FLOAT16 halves them). */
    public static ClipText load(Path folder, NDManager parent, DataType storage) throws IOException {
        TextConfig cfg = TextConfig.read(folder.resolve(ClipVision.CONFIG_FILE));
        Path file = folder.resolve(ClipVision.WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ClipConfigException("There is no " + ClipVision.WEIGHTS_FILE + " in " + folder
                    + "; point --clip at a Hugging Face CLIP folder (config.json and model.safetensors).");
        }
        Safetensors st = Safetensors.open(file);
        if (!st.contains("text_projection.weight")) {
            throw new ClipConfigException("The CLIP weights " + file + " hold no text tower (no text_projection.weight);"
                    + " the text side needs a full CLIPModel checkpoint, not a CLIPVisionModel one.");
        }
        NDManager m = parent.newSubManager();
        try {
            return new ClipText(cfg, m, TextWeights.load(new WeightReader(st, m, storage), cfg));
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** A text tower of the given shape with seeded random weights (the demo scope). */
    public static ClipText random(TextConfig cfg, NDManager parent, long seed) {
        NDManager m = parent.newSubManager();
        return new ClipText(cfg, m, TextWeights.random(cfg, m, seed));
    }

    public TextConfig config() {
        return config;
    }

    /** The learned {@code logit_scale}; logits are {@code exp(logitScale) · cos}. */
    public float logitScale() {
        return weights.logitScale();
    }

    /** Native arrays this tower holds; constant from call to call. */
    int nativeArrays() {
        return manager.getManagedArrays().size();
    }

    /** All positions of each row, as transformers returns them. */
    public TextOutput forward(int[][] inputIds) {
        return forward(inputIds, true);
    }

    /**
     * The tower on rows of token ids, each as long as the model's positions allow or shorter. With
     * {@code allPositions} false only positions up to the last EOS of the batch are run: the mask is
     * causal, so the embeddings are the same and the positions after EOS are skipped.
     */
    public TextOutput forward(int[][] inputIds, boolean allPositions) {
        int batch = inputIds.length;
        if (batch == 0) {
            throw new IllegalArgumentException("No token rows were given; pass at least one.");
        }
        int length = inputIds[0].length;
        int[] eos = new int[batch];
        for (int r = 0; r < batch; r++) {
            check(inputIds[r], r, length);
            eos[r] = EosPooling.position(inputIds[r], r, config);
        }
        int positions = allPositions ? length : Arrays.stream(eos).max().orElse(0) + 1;
        int width = config.hiddenSize();
        try (NDManager scope = manager.newSubManager()) {
            int[] flat = new int[batch * positions];
            for (int r = 0; r < batch; r++) {
                System.arraycopy(inputIds[r], 0, flat, r * positions, positions);
            }
            NDArray ids = scope.create(flat, new Shape((long) batch * positions)).toType(DataType.INT64, false);
            // gathered into the pass's scope, not the tower's manager that owns the tables
            NDArray tokens = weights.tokenEmbedding().get(scope, new NDIndex("{}", ids))
                    .toType(DataType.FLOAT32, false).reshape(batch, positions, width);
            NDArray x = tokens.add(weights.positionEmbedding().get(scope, new NDIndex("0:" + positions))
                    .toType(DataType.FLOAT32, false));
            NDArray mask = causalMask(scope, positions);
            for (EncoderBlock block : weights.blocks()) {
                try (NDManager blockScope = scope.newSubManager()) {
                    x.attach(blockScope);
                    NDArray y = block.forward(x, mask);
                    y.attach(scope);
                    x = y;
                }
            }
            NDArray last = layerNorm(x, weights.finalLnWeight(), weights.finalLnBias(), config.layerNormEps());
            long[] at = new long[batch];
            for (int r = 0; r < batch; r++) {
                at[r] = (long) r * positions + eos[r];
            }
            NDArray pooled = last.reshape((long) batch * positions, width).get(new NDIndex("{}", scope.create(at)));
            NDArray embeds = pooled.matMul(typed(weights.projectionT(), pooled));
            return new TextOutput(batch, positions, width, config.projectionDim(), last.toFloatArray(),
                    pooled.toFloatArray(), embeds.toFloatArray(), eos);
        }
    }

    private void check(int[] row, int r, int length) {
        if (row.length != length) {
            throw new IllegalArgumentException("Row " + r + " of the token ids has " + row.length + " ids but row 0 has "
                    + length + "; pad every row to the same length.");
        }
        if (length == 0 || length > config.maxPositions()) {
            throw new IllegalArgumentException("Row " + r + " of the token ids has " + length + " ids; the text tower"
                    + " takes 1 to " + config.maxPositions() + ".");
        }
        for (int id : row) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("Token id " + id + " in row " + r + " is outside the vocabulary of "
                        + config.vocabSize() + " ids; tokenize with the model's own tokenizer.json.");
            }
        }
    }

    /** 0 where a position may attend (itself and earlier), −∞ after it. */
    private static NDArray causalMask(NDManager scope, int positions) {
        float[] mask = new float[positions * positions];
        for (int i = 0; i < positions; i++) {
            Arrays.fill(mask, i * positions + i + 1, (i + 1) * positions, Float.NEGATIVE_INFINITY);
        }
        return scope.create(mask, new Shape(positions, positions));
    }

    @Override
    public void close() {
        manager.close();
    }
}
