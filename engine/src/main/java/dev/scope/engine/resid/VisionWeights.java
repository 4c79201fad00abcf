package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.scope.engine.RowMajor;
import dev.scope.engine.io.MappedPages;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.Tensor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vision tower's parameters as native arrays owned by one manager. Only {@code vision_model.*} and
 * {@code visual_projection.weight} are read; a full CLIPModel file's text tower is never touched.
 * Weights are kept in {@code storage} type (float32, or float16 to halve memory) and converted to the
 * tower's compute type where they are used.
 */
record VisionWeights(
        NDArray patchWeightT,    // [3·p·p, width]
        NDArray classEmbedding,  // [1, 1, width]
        NDArray positionEmbedding, // [tokens, width]
        NDArray preLnWeight, NDArray preLnBias,
        List<Block> blocks,
        NDArray postLnWeight, NDArray postLnBias,
        NDArray projectionT) {   // [width, projectionDim], or null

    /** One encoder block; q, k and v are fused into one projection, the attention scale folded into q. */
    record Block(
            NDArray ln1Weight, NDArray ln1Bias,
            NDArray qkvWeight, NDArray qkvBias,
            NDArray outWeight, NDArray outBias,
            NDArray ln2Weight, NDArray ln2Bias,
            NDArray fc1Weight, NDArray fc1Bias,
            NDArray fc2Weight, NDArray fc2Bias) {
    }

    private static final String P = "vision_model.";

    static VisionWeights load(Safetensors file, VisionConfig cfg, NDManager manager, DataType storage,
                              int blocksToLoad) throws IOException {
        Loader l = new Loader(file, manager, storage);
        int width = cfg.hiddenSize();
        NDArray patch = l.get(P + "embeddings.patch_embedding.weight",
                width, 3, cfg.patchSize(), cfg.patchSize());
        patch = contiguous(patch.reshape(width, 3L * cfg.patchSize() * cfg.patchSize()).transpose(), manager);
        List<Block> blocks = new ArrayList<>();
        float scale = (float) (1.0 / Math.sqrt(cfg.headDim()));
        for (int i = 0; i < blocksToLoad; i++) {
            String b = P + "encoder.layers." + i + ".";
            NDArray q;
            NDArray qb;
            NDArray qkv;
            NDArray qkvb;
            try (NDManager tmp = manager.newSubManager()) {
                q = l.getF32(b + "self_attn.q_proj.weight", tmp, width, width).mul(scale);
                qb = l.getF32(b + "self_attn.q_proj.bias", tmp, width).mul(scale);
                NDArray k = l.getF32(b + "self_attn.k_proj.weight", tmp, width, width);
                NDArray kb = l.getF32(b + "self_attn.k_proj.bias", tmp, width);
                NDArray v = l.getF32(b + "self_attn.v_proj.weight", tmp, width, width);
                NDArray vb = l.getF32(b + "self_attn.v_proj.bias", tmp, width);
                qkv = NDArrays.concat(new NDList(q, k, v), 0).toType(storage, false);
                qkvb = NDArrays.concat(new NDList(qb, kb, vb), 0).toType(storage, false);
                qkv.attach(manager);
                qkvb.attach(manager);
            }
            l.releaseFused();
            blocks.add(new Block(
                    l.get(b + "layer_norm1.weight", width), l.get(b + "layer_norm1.bias", width),
                    qkv, qkvb,
                    l.get(b + "self_attn.out_proj.weight", width, width), l.get(b + "self_attn.out_proj.bias", width),
                    l.get(b + "layer_norm2.weight", width), l.get(b + "layer_norm2.bias", width),
                    l.get(b + "mlp.fc1.weight", cfg.intermediateSize(), width), l.get(b + "mlp.fc1.bias", cfg.intermediateSize()),
                    l.get(b + "mlp.fc2.weight", width, cfg.intermediateSize()), l.get(b + "mlp.fc2.bias", width)));
        }
        NDArray projection = null;
        if (file.contains("visual_projection.weight") && cfg.projectionDim() > 0) {
            projection = contiguous(l.get("visual_projection.weight", cfg.projectionDim(), width).transpose(), manager);
        }
        return new VisionWeights(patch,
                l.get(P + "embeddings.class_embedding", width).reshape(1, 1, width),
                l.get(P + "embeddings.position_embedding.weight", cfg.tokens(), width),
                l.get(P + "pre_layrnorm.weight", width), l.get(P + "pre_layrnorm.bias", width),
                List.copyOf(blocks),
                l.get(P + "post_layernorm.weight", width), l.get(P + "post_layernorm.bias", width),
                projection);
    }

    /**
     * Random weights of the configured shapes, the same for the same seed: for benchmarks and the demo
     * scope, where no download is wanted. Scaled like a trained ViT so activations stay finite.
     */
    static VisionWeights random(VisionConfig cfg, NDManager manager, DataType storage, long seed) {
        ai.djl.engine.Engine.getEngine(manager.getEngine().getEngineName()).setRandomSeed((int) seed);
        int width = cfg.hiddenSize();
        int mlp = cfg.intermediateSize();
        long patchIn = 3L * cfg.patchSize() * cfg.patchSize();
        java.util.function.BiFunction<Float, long[], NDArray> normal = (std, shape) -> {
            NDArray drawn = manager.randomNormal(0f, std, new ai.djl.ndarray.types.Shape(shape), DataType.FLOAT32);
            if (storage == DataType.FLOAT32) {
                return drawn;
            }
            // the float32 draw would otherwise stay in the tower's manager beside its narrowed copy
            NDArray narrowed = drawn.toType(storage, false);
            drawn.close();
            return narrowed;
        };
        java.util.function.Function<long[], NDArray> ones = shape ->
                manager.ones(new ai.djl.ndarray.types.Shape(shape), storage);
        java.util.function.Function<long[], NDArray> zeros = shape ->
                manager.zeros(new ai.djl.ndarray.types.Shape(shape), storage);
        float wStd = (float) (1 / Math.sqrt(width));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            blocks.add(new Block(ones.apply(new long[] {width}), zeros.apply(new long[] {width}),
                    normal.apply(wStd, new long[] {3L * width, width}), zeros.apply(new long[] {3L * width}),
                    normal.apply(wStd, new long[] {width, width}), zeros.apply(new long[] {width}),
                    ones.apply(new long[] {width}), zeros.apply(new long[] {width}),
                    normal.apply(wStd, new long[] {mlp, width}), zeros.apply(new long[] {mlp}),
                    normal.apply((float) (1 / Math.sqrt(mlp)), new long[] {width, mlp}), zeros.apply(new long[] {width})));
        }
        return new VisionWeights(
                normal.apply((float) (1 / Math.sqrt(patchIn)), new long[] {patchIn, width}),
                normal.apply(0.02f, new long[] {1, 1, width}),
                normal.apply(0.02f, new long[] {cfg.tokens(), width}),
                ones.apply(new long[] {width}), zeros.apply(new long[] {width}),
                List.copyOf(blocks),
                ones.apply(new long[] {width}), zeros.apply(new long[] {width}),
                cfg.projectionDim() > 0 ? normal.apply(wStd, new long[] {width, cfg.projectionDim()}) : null);
    }

    /** Weights used transposed are stored transposed, so a forward pass makes no views of them. */
    private static NDArray contiguous(NDArray view, NDManager manager) {
        NDArray copy = RowMajor.copyOf(view);
        copy.attach(manager);
        return copy;
    }

    private record Loader(Safetensors file, NDManager manager, DataType storage, List<Tensor> fused) {
        Loader(Safetensors file, NDManager manager, DataType storage) {
            this(file, manager, storage, new ArrayList<>());
        }

        NDArray get(String name, long... shape) throws IOException {
            return read(name, manager, storage, shape);
        }

        /** A float32 view for fusing (q, k, v); its mapped pages are given back by {@link #releaseFused}. */
        NDArray getF32(String name, NDManager m, long... shape) throws IOException {
            Tensor t = tensor(name, shape);
            fused.add(t);
            return t.toNDArray(m, DataType.FLOAT32);
        }

        /** Once the fused copy is made, the pages its parts were read from can go. */
        void releaseFused() {
            fused.forEach(t -> MappedPages.release(t.data()));
            fused.clear();
        }

        private NDArray read(String name, NDManager m, DataType as, long... shape) throws IOException {
            return tensor(name, shape).toNDArray(m, as);
        }

        private Tensor tensor(String name, long... shape) throws IOException {
            if (!file.contains(name)) {
                throw new ClipConfigException("The CLIP weights " + file.path() + " have no tensor " + name
                        + "; is this a Hugging Face CLIPModel checkpoint matching its config.json?");
            }
            Tensor t = file.tensor(name);
            if (!Arrays.equals(t.shape(), shape)) {
                throw new ClipConfigException("The CLIP weights " + file.path() + " give " + name + " the shape "
                        + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(shape) + ".");
            }
            return t;
        }
    }
}
