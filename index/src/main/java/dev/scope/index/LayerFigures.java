package dev.scope.index;

/**
 * A layer's reconstruction figures over the indexed images: the mean of each image's figure, which is the
 * card's mean over tokens since every image has the same number of tokens.
 */
public record LayerFigures(int layer, long images, double mse, double explainedVariance, double l0) {
}
