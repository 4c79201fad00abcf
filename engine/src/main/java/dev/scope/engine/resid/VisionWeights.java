package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The vision tower's parameters as native arrays owned by one manager. Only {@code vision_model.*} and
 * {@code visual_projection.weight} are read; a full CLIPModel file's text tower is never touched.
 * Weights are kept in {@code storage} type (float32, or float16 to halve memory) and converted to the
 * tower's compute type ({@link dev.scope.engine.ComputeType}) where they are used. {@code blocks} are those loaded up front; the tower may read more.
 */
record VisionWeights(
        NDArray patchWeightT,    // [3·p·p, width]
        NDArray classEmbedding,  // [1, 1, width]
        NDArray positionEmbedding, // [tokens, width]
        NDArray preLnWeight, NDArray preLnBias,
        List<EncoderBlock> blocks,
        NDArray postLnWeight, NDArray postLnBias,
        NDArray projectionT) {   // [width, projectionDim], or null

    static final String P = "vision_model.";

    static VisionWeights load(WeightReader r, VisionConfig cfg, int blocksToLoad) throws IOException {
        int width = cfg.hiddenSize();
        long patchIn = 3L * cfg.patchSize() * cfg.patchSize();
        NDArray patch = r.get(P + "embeddings.patch_embedding.weight", width, 3, cfg.patchSize(), cfg.patchSize());
        NDArray patchT = r.transposeOf(patch.reshape(width, patchIn));
        List<EncoderBlock> blocks = new ArrayList<>();
        for (int i = 0; i < blocksToLoad; i++) {
            blocks.add(block(r, cfg, i));
        }
        NDArray projection = null;
        if (r.contains("visual_projection.weight") && cfg.projectionDim() > 0) {
            projection = r.transposed("visual_projection.weight", cfg.projectionDim(), width);
        }
        return new VisionWeights(patchT,
                r.get(P + "embeddings.class_embedding", width).reshape(1, 1, width),
                r.get(P + "embeddings.position_embedding.weight", cfg.tokens(), width),
                r.get(P + "pre_layrnorm.weight", width), r.get(P + "pre_layrnorm.bias", width),
                List.copyOf(blocks),
                r.get(P + "post_layernorm.weight", width), r.get(P + "post_layernorm.bias", width),
                projection);
    }

    static EncoderBlock block(WeightReader r, VisionConfig cfg, int index) throws IOException {
        return EncoderBlock.read(r, P + "encoder.layers." + index + ".", cfg.blockShape());
    }

    /**
     * Random weights of the configured shapes, the same for the same seed: for benchmarks and the demo
     * scope, where no download is wanted. Scaled like a trained ViT so activations stay finite.
     */
    static VisionWeights random(VisionConfig cfg, NDManager manager, DataType storage, long seed) {
        RandomWeights draw = new RandomWeights(manager, storage, seed);
        int width = cfg.hiddenSize();
        long patchIn = 3L * cfg.patchSize() * cfg.patchSize();
        List<EncoderBlock> blocks = new ArrayList<>();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            blocks.add(draw.block(cfg.blockShape()));
        }
        return new VisionWeights(
                draw.normal((float) (1 / Math.sqrt(patchIn)), patchIn, width),
                draw.normal(0.02f, 1, 1, width),
                draw.normal(0.02f, cfg.tokens(), width),
                draw.ones(width), draw.zeros(width),
                List.copyOf(blocks),
                draw.ones(width), draw.zeros(width),
                cfg.projectionDim() > 0 ? draw.normal((float) (1 / Math.sqrt(width)), width, cfg.projectionDim()) : null);
    }
}
