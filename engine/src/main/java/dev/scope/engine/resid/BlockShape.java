package dev.scope.engine.resid;

/**
 * The shape of one of CLIP's encoder blocks: what the vision and the text tower each read from their
 * part of {@code config.json}.
 */
public record BlockShape(int width, int intermediateSize, int heads, VisionConfig.Activation activation,
                         double layerNormEps) {

    public BlockShape {
        if (width % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + width + " is not divisible by " + heads + " heads");
        }
    }

    public int headDim() {
        return width / heads;
    }
}
