package dev.scope.engine.resid;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.ComputeType;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.Safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.scope.engine.resid.TowerOps.floats;
import static dev.scope.engine.resid.TowerOps.layerNorm;
import static dev.scope.engine.resid.TowerOps.typed;

/**
 * CLIP's vision tower (Hugging Face {@code CLIPVisionModel}) on DJL arrays: pixels in, residual stream
 * out at the blocks asked for, and, when asked, on to the pooled output and the image embedding.
 * A pass can also start again from a block's residual stream, and change the stream between blocks
 * ({@link ResidEdit}): that is how interventions run.
 *
 * <pre>
 * jshell&gt; try (var clip = ClipVision.load(Path.of("tiny-clip"), NDManager.newBaseManager())) {
 *    ...&gt;     clip.forward(pixels, 1, Capture.blocks(2, 5)).resid(5, 0); }
 * </pre>
 */
public final class ClipVision implements AutoCloseable {
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";

    private final VisionConfig config;
    private final NDManager manager;
    private final VisionWeights weights;
    /** The blocks in memory; a loaded tower reads deeper ones from its file when a pass needs them. */
    private final List<EncoderBlock> blocks;
    private final WeightReader reader;
    private final DataType compute;

    private ClipVision(VisionConfig config, NDManager manager, VisionWeights weights, WeightReader reader) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.blocks = new ArrayList<>(weights.blocks());
        this.reader = reader;
        this.compute = ComputeType.of(manager.getDevice(), weights.patchWeightT().getDataType());
    }

    /** Loads the whole tower from a Hugging Face CLIP folder, float32, on the parent manager's device. */
    public static ClipVision load(Path folder, NDManager parent) throws IOException {
        return load(folder, parent, DataType.FLOAT32, Integer.MAX_VALUE);
    }

    /**
     * Loads the tower, keeping weights in {@code storage} type, and only the first {@code maxBlocks}
     * blocks; deeper blocks are read from the same file when a pass first needs them.
     */
    public static ClipVision load(Path folder, NDManager parent, DataType storage, int maxBlocks) throws IOException {
        VisionConfig cfg = VisionConfig.read(folder.resolve(CONFIG_FILE));
        Path weightsFile = folder.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weightsFile)) {
            throw new ClipConfigException("There is no " + WEIGHTS_FILE + " in " + folder
                    + "; point --clip at a Hugging Face CLIP folder (config.json and model.safetensors).");
        }
        Safetensors st = Safetensors.open(weightsFile);
        NDManager m = parent.newSubManager();
        try {
            WeightReader r = new WeightReader(st, m, storage);
            VisionWeights w = VisionWeights.load(r, cfg, Math.min(maxBlocks, cfg.numHiddenLayers()));
            return new ClipVision(cfg, m, w, r);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** A tower of the given shape with seeded random weights, built in memory (benchmarks, the demo scope). */
    public static ClipVision random(VisionConfig cfg, NDManager parent, DataType storage, long seed) {
        NDManager m = parent.newSubManager();
        return new ClipVision(cfg, m, VisionWeights.random(cfg, m, storage, seed), null);
    }

    public VisionConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The type a pass computes in: float32, or float16 on a GPU with float16 weights ({@link ComputeType}). */
    public DataType computeType() {
        return compute;
    }

    public synchronized int loadedBlocks() {
        return blocks.size();
    }

    /**
     * Runs {@code batch} images given as [batch, 3, size, size] float pixel values (already
     * preprocessed) and returns what {@code capture} asks for.
     */
    public ResidualStream forward(float[] pixelValues, int batch, Capture capture) {
        return forward(pixelValues, batch, capture, ResidEdit.NONE);
    }

    /** As {@link #forward(float[], int, Capture)}, with {@code edit} changing the stream between blocks. */
    public ResidualStream forward(float[] pixelValues, int batch, Capture capture, ResidEdit edit) {
        int size = config.imageSize();
        long expected = (long) batch * 3 * size * size;
        if (pixelValues.length != expected) {
            throw new IllegalArgumentException("Pixel values hold " + pixelValues.length + " floats but " + batch
                    + " images of 3×" + size + "×" + size + " need " + expected + ".");
        }
        check(capture, edit, 0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = embed(scope.create(pixelValues, new Shape(batch, 3, size, size)).toType(compute, false), batch);
            float[] embeddings = capture.embeddings() ? floats(x) : null;
            return run(scope, x, batch, -1, capture, edit, embeddings);
        }
    }

    /**
     * Carries on from {@code resid}, the residual stream at the output of {@code block} ([batch, tokens,
     * width] row-major), through the later blocks: {@code edit} applies at {@code block} itself too.
     * Only blocks from {@code block} on can be captured.
     */
    public ResidualStream resume(int block, float[] resid, int batch, Capture capture, ResidEdit edit) {
        long expected = (long) batch * config.tokens() * config.hiddenSize();
        if (resid.length != expected) {
            throw new IllegalArgumentException("The residual stream holds " + resid.length + " floats but " + batch
                    + " images of " + config.tokens() + "×" + config.hiddenSize() + " need " + expected + ".");
        }
        if (block < 0 || block >= config.numHiddenLayers()) {
            throw beyondDepth(block);
        }
        if (!capture.blocks().isEmpty() && capture.blocks().first() < block) {
            throw new IllegalArgumentException("A pass resumed after block " + block + " cannot capture block "
                    + capture.blocks().first() + ", which comes before it.");
        }
        check(capture, edit, block + 1);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(resid, new Shape(batch, config.tokens(), config.hiddenSize())).toType(compute, false);
            return run(scope, x, batch, block, capture, edit, null);
        }
    }

    /** Blocks {@code after + 1} on, capturing and editing as asked, then the pooled output if asked. */
    private ResidualStream run(NDManager scope, NDArray x, int batch, int after, Capture capture, ResidEdit edit,
                               float[] embeddings) {
        SortedMap<Integer, float[]> resid = new TreeMap<>();
        if (after >= 0) {
            x = visit(scope, x, after, capture, edit, resid);
        }
        int run = capture.blocksToRun(config.numHiddenLayers());
        for (int i = after + 1; i < run; i++) {
            try (NDManager blockScope = scope.newSubManager()) {
                x.attach(blockScope);
                NDArray y = block(i).forward(x, null);
                y.attach(scope);
                x = y;
            }
            x = visit(scope, x, i, capture, edit, resid);
        }
        float[] pooled = null;
        float[] imageEmbeds = null;
        if (capture.pooled()) {
            NDArray p = layerNorm(x.get(":, 0, :"), weights.postLnWeight(), weights.postLnBias(), config.layerNormEps());
            pooled = floats(p);
            if (weights.projectionT() != null) {
                imageEmbeds = floats(p.matMul(typed(weights.projectionT(), p)));
            }
        }
        return new ResidualStream(batch, config.tokens(), config.hiddenSize(), resid, embeddings, pooled, imageEmbeds,
                imageEmbeds == null ? 0 : config.projectionDim());
    }

    /** After block {@code i}: the edit, if it has one there, then the capture. */
    private NDArray visit(NDManager scope, NDArray x, int i, Capture capture, ResidEdit edit,
                          SortedMap<Integer, float[]> resid) {
        if (edit.blocks().contains(i)) {
            Shape shape = x.getShape();
            Matrix before = new Matrix((int) (shape.get(0) * shape.get(1)), (int) shape.get(2), floats(x));
            Matrix after = edit.apply(i, before);
            if (after != before) {
                if (after.rows() != before.rows() || after.cols() != before.cols()) {
                    throw new IllegalStateException("An edit at block " + i + " returned a " + after + " for a "
                            + before + " residual stream.");
                }
                x = scope.create(after.data(), shape).toType(compute, false);
            }
        }
        if (capture.blocks().contains(i)) {
            resid.put(i, floats(x));
        }
        return x;
    }

    private void check(Capture capture, ResidEdit edit, int firstBlock) {
        for (int b : capture.blocks()) {
            if (b >= config.numHiddenLayers()) {
                throw beyondDepth(b);
            }
        }
        for (int b : edit.blocks()) {
            if (b < 0 || b >= config.numHiddenLayers()) {
                throw beyondDepth(b);
            }
        }
        int need = capture.blocksToRun(config.numHiddenLayers());
        if (need > firstBlock) {
            ensureBlocks(need);
        }
    }

    private IllegalArgumentException beyondDepth(int block) {
        return new IllegalArgumentException("Layer " + block + " is beyond this CLIP's depth: its blocks are 0.."
                + (config.numHiddenLayers() - 1) + ".");
    }

    /** Reads blocks up to {@code count} from the weights file if they are not in memory yet. */
    private synchronized void ensureBlocks(int count) {
        if (count <= blocks.size()) {
            return;
        }
        if (reader == null) {
            throw new IllegalArgumentException("This tower was built with " + blocks.size()
                    + " blocks but the pass needs " + count + ".");
        }
        try {
            for (int i = blocks.size(); i < count; i++) {
                blocks.add(VisionWeights.block(reader, config, i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized EncoderBlock block(int i) {
        return blocks.get(i);
    }

    /** Patch embedding as one matmul over flattened 3·p·p patches, then CLS, positions and pre-LayerNorm. */
    private NDArray embed(NDArray pixels, int batch) {
        int p = config.patchSize();
        int g = config.gridSize();
        int width = config.hiddenSize();
        NDArray patches = pixels.reshape(batch, 3, g, p, g, p)
                .transpose(0, 2, 4, 1, 3, 5)
                .reshape(batch, (long) g * g, 3L * p * p);
        NDArray patchEmbeds = patches.matMul(typed(weights.patchWeightT(), pixels));
        NDArray cls = pixels.getManager().zeros(new Shape(batch, 1, width), pixels.getDataType())
                .add(typed(weights.classEmbedding(), pixels));
        NDArray x = NDArrays.concat(new NDList(cls, patchEmbeds), 1).add(typed(weights.positionEmbedding(), pixels));
        return layerNorm(x, weights.preLnWeight(), weights.preLnBias(), config.layerNormEps());
    }

    /** Native arrays this tower holds; constant from call to call. */
    int nativeArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
