package dev.scope.views;

/**
 * What was measured for one layer's SAE over a set of images.
 *
 * @param mse                 mean over tokens of Σ(x − x̂)² (the model card's formula)
 * @param explainedVariance   mean over tokens of 1 − Σ(x − x̂)² / Σ(x − mean(x))²
 * @param l0                  mean number of non-zero latents per token
 * @param fractionActive      fraction of the latents that fired on at least one token
 * @param fractionNeverActive fraction of the latents that never fired (dead on this data)
 */
public record LayerMetrics(int layer, double mse, double explainedVariance, double l0, double fractionActive,
        double fractionNeverActive) {

    public LayerMetrics {
        if (layer < 0) {
            throw new IllegalArgumentException("Layer " + layer + " is negative; layers count from 0.");
        }
        requireFinite("MSE", mse, layer);
        requireFinite("explained variance", explainedVariance, layer);
        requireFinite("L0", l0, layer);
        requireFraction("fraction active", fractionActive, layer);
        requireFraction("fraction never active", fractionNeverActive, layer);
        if (mse < 0 || l0 < 0) {
            throw new IllegalArgumentException("Layer " + layer + " has a negative MSE or L0; both are sums of "
                    + "non-negative terms, so check how they were computed.");
        }
    }

    private static void requireFinite(String what, double value, int layer) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Layer " + layer + " has " + what + " " + value
                    + "; pass a finite number.");
        }
    }

    private static void requireFraction(String what, double value, int layer) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Layer " + layer + " has " + what + " " + value
                    + "; pass a fraction from 0 to 1.");
        }
    }
}
