package dev.scope.engine.resid;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.scope.engine.ComputeType;
import dev.scope.engine.io.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * CLIP's vision tower (Hugging Face {@code CLIPVisionModel}) on DJL arrays: pixels in, residual stream
 * out at the blocks asked for. Each block is {@code x + attn(ln1(x))}, then {@code + mlp(ln2(x))}.
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
    private final DataType compute;

    private ClipVision(VisionConfig config, NDManager manager, VisionWeights weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.compute = ComputeType.of(manager.getDevice(), weights.patchWeightT().getDataType());
    }

    /** Loads the whole tower from a Hugging Face CLIP folder, float32, on the parent manager's device. */
    public static ClipVision load(Path folder, NDManager parent) throws IOException {
        return load(folder, parent, DataType.FLOAT32, Integer.MAX_VALUE);
    }

    /**
     * Loads the tower, keeping weights in {@code storage} type, and only the first {@code maxBlocks}
     * blocks (the pooled output then needs all of them).
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
            VisionWeights w = VisionWeights.load(st, cfg, m, storage, Math.min(maxBlocks, cfg.numHiddenLayers()));
            return new ClipVision(cfg, m, w);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** A tower of the given shape with seeded random weights, built in memory (benchmarks, the demo scope). */
    public static ClipVision random(VisionConfig cfg, NDManager parent, DataType storage, long seed) {
        NDManager m = parent.newSubManager();
        return new ClipVision(cfg, m, VisionWeights.random(cfg, m, storage, seed));
    }

    public VisionConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The type a forward pass computes in: float32, or float16 on a GPU with float16 weights. */
    public DataType computeType() {
        return compute;
    }

    public int loadedBlocks() {
        return weights.blocks().size();
    }

    /**
     * Runs {@code batch} images given as [batch, 3, size, size] float pixel values (already
     * preprocessed) and returns what {@code capture} asks for.
     */
    public ResidualStream forward(float[] pixelValues, int batch, Capture capture) {
        int size = config.imageSize();
        long expected = (long) batch * 3 * size * size;
        if (pixelValues.length != expected) {
            throw new IllegalArgumentException("Pixel values hold " + pixelValues.length + " floats but " + batch
                    + " images of 3×" + size + "×" + size + " need " + expected + ".");
        }
        checkCapture(capture);
        int width = config.hiddenSize();
        int tokens = config.tokens();
        SortedMap<Integer, float[]> resid = new TreeMap<>();
        float[] embeddings = null;
        float[] pooled = null;
        float[] imageEmbeds = null;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = embed(scope.create(pixelValues, new Shape(batch, 3, size, size)).toType(compute, false), batch);
            if (capture.embeddings()) {
                embeddings = floats(x);
            }
            int run = capture.blocksToRun(config.numHiddenLayers());
            for (int i = 0; i < run; i++) {
                try (NDManager blockScope = scope.newSubManager()) {
                    x.attach(blockScope);
                    NDArray y = block(weights.blocks().get(i), x);
                    y.attach(scope);
                    x = y;
                }
                if (capture.blocks().contains(i)) {
                    resid.put(i, floats(x));
                }
            }
            if (capture.pooled()) {
                NDArray cls = x.get(":, 0, :");
                NDArray p = layerNorm(cls, weights.postLnWeight(), weights.postLnBias());
                pooled = floats(p);
                if (weights.projectionT() != null) {
                    imageEmbeds = floats(p.matMul(typed(weights.projectionT(), p)));
                }
            }
        }
        return new ResidualStream(batch, tokens, width, resid, embeddings, pooled, imageEmbeds,
                imageEmbeds == null ? 0 : config.projectionDim());
    }

    private void checkCapture(Capture capture) {
        int depth = config.numHiddenLayers();
        for (int b : capture.blocks()) {
            if (b >= depth) {
                throw new IllegalArgumentException("Layer " + b + " is beyond this CLIP's depth: its blocks are 0.."
                        + (depth - 1) + ".");
            }
        }
        int need = capture.blocksToRun(depth);
        if (need > weights.blocks().size()) {
            throw new IllegalArgumentException("This tower was loaded with " + weights.blocks().size()
                    + " blocks but the pass needs " + need + "; load it with more blocks.");
        }
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
        return layerNorm(x, weights.preLnWeight(), weights.preLnBias());
    }

    private NDArray block(VisionWeights.Block b, NDArray x) {
        NDArray h = x.add(attention(b, layerNorm(x, b.ln1Weight(), b.ln1Bias())));
        NDArray mlp = linear(layerNorm(h, b.ln2Weight(), b.ln2Bias()), b.fc1Weight(), b.fc1Bias());
        mlp = switch (config.hiddenAct()) {
            case GELU -> Activation.gelu(mlp);
            case QUICK_GELU -> mlp.mul(Activation.sigmoid(mlp.mul(1.702f)));
        };
        return h.add(linear(mlp, b.fc2Weight(), b.fc2Bias()));
    }

    private NDArray attention(VisionWeights.Block b, NDArray x) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long tokens = s.get(1);
        int heads = config.numAttentionHeads();
        int headDim = config.headDim();
        NDArray qkv = linear(x, b.qkvWeight(), b.qkvBias())
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray weightsAttn = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray out = weightsAttn.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, (long) heads * headDim);
        return linear(out, b.outWeight(), b.outBias());
    }

    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), typed(weight, x), typed(bias, x),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, typed(weight, x), typed(bias, x)).singletonOrThrow();
    }

    /**
     * A stored weight in the type {@code user} computes in (widened when stored as half for float32
     * compute), owned by the scope of {@code user} so it is freed with that scope; a weight already of
     * that type passes through untouched.
     */
    private static NDArray typed(NDArray w, NDArray user) {
        if (w.getDataType() == user.getDataType()) {
            return w;
        }
        NDArray converted = w.toType(user.getDataType(), false);
        converted.attach(user.getManager());
        return converted;
    }

    /** A result copied into Java memory as float32, whatever type it was computed in. */
    private static float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
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
