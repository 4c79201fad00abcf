package dev.scope.engine.sae;

import dev.scope.engine.Matrix;

/**
 * How well an SAE reconstructed a batch, by the formulas of the CLIP ViT-L scope's model card:
 * <ul>
 *   <li>{@code mse}: mean over tokens of Σ_i (x_i − x̂_i)²;</li>
 *   <li>{@code explainedVariance}: mean over tokens of 1 − Σ_i (x_i − x̂_i)² / Σ_i (x_i − mean(x))²,
 *       with mean(x) over that token's d_in features;</li>
 *   <li>{@code l0}: mean number of active (nonzero) latents per token;</li>
 *   <li>{@code fractionActive}: share of all latents active on at least one token of the batch,
 *       and {@code fractionNeverActive} = 1 − fractionActive.</li>
 * </ul>
 */
public record ReconstructionMetrics(double mse, double explainedVariance, double l0, double fractionActive,
                                    double fractionNeverActive) {

    public static ReconstructionMetrics of(Matrix x, SaeOutput out) {
        Matrix xHat = out.reconstruction();
        if (x.rows() != xHat.rows() || x.cols() != xHat.cols()) {
            throw new SaeInputException("The activations are " + x.rows() + " × " + x.cols() + " but the SAE output is "
                    + xHat.rows() + " × " + xHat.cols() + "; pass the activations the output was computed from.");
        }
        int n = x.rows();
        int d = x.cols();
        double sumError = 0;
        double sumExplained = 0;
        for (int r = 0; r < n; r++) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x.get(r, i);
            }
            mean /= d;
            double error = 0;
            double variance = 0;
            for (int i = 0; i < d; i++) {
                double e = x.get(r, i) - (double) xHat.get(r, i);
                double c = x.get(r, i) - mean;
                error += e * e;
                variance += c * c;
            }
            sumError += error;
            sumExplained += 1 - error / variance;
        }
        double active = (double) out.activeLatents().length / out.nFeatures();
        return new ReconstructionMetrics(sumError / n, sumExplained / n, out.l0(), active, 1 - active);
    }
}
