package dev.scope.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.scope.engine.resid.EncoderBlock;
import dev.scope.engine.resid.RandomWeights;
import dev.scope.engine.resid.WeightReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text tower's parameters: only {@code text_model.*}, {@code text_projection.weight} and
 * {@code logit_scale} are read from a CLIPModel file.
 */
record TextWeights(
        NDArray tokenEmbedding,    // [vocab, width]
        NDArray positionEmbedding, // [positions, width]
        List<EncoderBlock> blocks,
        NDArray finalLnWeight, NDArray finalLnBias,
        NDArray projectionT,       // [width, projectionDim]
        float logitScale) {

    private static final String P = "text_model.";

    static TextWeights load(WeightReader r, TextConfig cfg) throws IOException {
        int width = cfg.hiddenSize();
        List<EncoderBlock> blocks = new ArrayList<>();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            blocks.add(EncoderBlock.read(r, P + "encoder.layers." + i + ".", cfg.blockShape()));
        }
        return new TextWeights(
                r.get(P + "embeddings.token_embedding.weight", cfg.vocabSize(), width),
                r.get(P + "embeddings.position_embedding.weight", cfg.maxPositions(), width),
                List.copyOf(blocks),
                r.get(P + "final_layer_norm.weight", width), r.get(P + "final_layer_norm.bias", width),
                r.transposed("text_projection.weight", cfg.projectionDim(), width),
                r.scalar("logit_scale"));
    }

    /** Seeded random weights (the demo scope); logit_scale is CLIP's initial log(1/0.07). */
    static TextWeights random(TextConfig cfg, NDManager manager, long seed) {
        RandomWeights draw = new RandomWeights(manager, DataType.FLOAT32, seed);
        int width = cfg.hiddenSize();
        List<EncoderBlock> blocks = new ArrayList<>();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            blocks.add(draw.block(cfg.blockShape()));
        }
        return new TextWeights(
                draw.normal(0.02f, cfg.vocabSize(), width),
                draw.normal(0.01f, cfg.maxPositions(), width),
                List.copyOf(blocks),
                draw.ones(width), draw.zeros(width),
                draw.normal((float) (1 / Math.sqrt(width)), width, cfg.projectionDim()),
                (float) Math.log(1 / 0.07));
    }
}
