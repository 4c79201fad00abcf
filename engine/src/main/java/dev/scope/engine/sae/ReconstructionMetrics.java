package dev.scope.engine.sae;

import dev.scope.engine.Matrix;

import java.util.List;

/**
 * How well an SAE reconstructed its inputs x (tokens × d_in, in the space of the {@link SaeInput} mode) as x̂;
 * each figure's definition is in {@link #DEFINITIONS}, and this is the only place the formulas are written.
 * {@code mse} and {@code explainedVariance} are the model card's; {@code explainedVarianceDatasetMean} is
 * SAELens' (variance about the mean over all tokens); {@code nmse} is the normalised MSE; then L0, the latents
 * active on at least one token, and the latents active on none ({@code deadLatents}, of {@code nFeatures}).
 * {@link Accumulator} takes the tokens batch by batch and gives the figures over all of them, exactly as one
 * batch of everything would.
 *
 * <pre>
 * jshell&gt; r.layer(22).metrics().explainedVariance()     // = ReconstructionMetrics.of(its saeInput(), its sae())
 * jshell&gt; var sum = new ReconstructionMetrics.Accumulator();
 * jshell&gt; sum.add(x1, out1); sum.add(x2, out2); sum.metrics().nmse()
 * </pre>
 */
public record ReconstructionMetrics(double mse, double explainedVariance, double l0, double fractionActive,
                                    double fractionNeverActive, double explainedVarianceDatasetMean, double nmse,
                                    int deadLatents, int nFeatures, long tokens) {

    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("mse", "MSE", "mean over tokens of Σ_i (x_i − x̂_i)² over the d_in dimensions (the card's)",
                    true),
            new Definition("explained_variance", "explained variance", "mean over tokens of 1 − Σ_i (x_i − x̂_i)² / "
                    + "Σ_i (x_i − x̄)², x̄ the token's mean over its dimensions (the card's)", true),
            new Definition("explained_variance_dataset_mean", "explained variance (dataset mean)", "1 − Σ_t ‖x_t − x̂_t‖²"
                    + " / Σ_t ‖x_t − μ‖², μ the per-dimension mean over all tokens measured (SAELens')", false),
            new Definition("nmse", "normalised MSE", "Σ_t ‖x_t − x̂_t‖² / Σ_t ‖x_t‖² over all tokens measured", false),
            new Definition("l0", "L0", "mean over tokens of the number of latents with a nonzero value (k for a TopK SAE)",
                    false),
            new Definition("fraction_active", "latents active", "share of the latents nonzero on at least one token"
                    + " measured", false),
            new Definition("dead_latents", "dead latents", "latents nonzero on no token measured; beside them, the"
                    + " checkpoint's latents whose dead_latents counter reached " + String.format("%,d",
                    ModelCard.DEAD_AFTER_TOKENS) + " tokens in training", false));

    /** Each figure by its {@link #DEFINITIONS} key, in that order (as {@code ./scope eval} reports them). */
    public java.util.Map<String, Double> figures() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        out.put("mse", mse);
        out.put("explained_variance", explainedVariance);
        out.put("explained_variance_dataset_mean", explainedVarianceDatasetMean);
        out.put("nmse", nmse);
        out.put("l0", l0);
        out.put("fraction_active", fractionActive);
        out.put("dead_latents", (double) deadLatents);
        return out;
    }

    /** The figures of one batch: {@code x} the SAE's inputs, {@code out} what it made of them. */
    public static ReconstructionMetrics of(Matrix x, SaeOutput out) {
        Accumulator sum = new Accumulator();
        sum.add(x, out);
        return sum.metrics();
    }

    /** Sums over tokens, batch after batch, in O(n_features + d_in) memory. */
    public static final class Accumulator {
        private boolean[] active;
        private long tokens;
        private long activeValues;
        private double sumError;
        private double sumExplained;
        private double sumSquares;
        private final LayerStats.Welford spread = new LayerStats.Welford();

        public synchronized void add(Matrix x, SaeOutput out) {
            Matrix xHat = out.reconstruction();
            if (x.rows() != xHat.rows() || x.cols() != xHat.cols() || x.rows() != out.rows()) {
                throw new SaeInputException("The activations are " + x.rows() + " × " + x.cols() + " but the SAE output is "
                        + xHat.rows() + " × " + xHat.cols() + "; pass the activations the output was computed from.");
            }
            if (active == null) {
                active = new boolean[out.nFeatures()];
            } else if (active.length != out.nFeatures()) {
                throw new SaeInputException("This batch comes from an SAE of " + out.nFeatures() + " latents, the earlier"
                        + " ones from one of " + active.length + "; measure each SAE on its own.");
            }
            int d = x.cols();
            for (int r = 0; r < x.rows(); r++) {
                double mean = 0;
                for (int i = 0; i < d; i++) {
                    mean += x.get(r, i);
                }
                mean /= d;
                double error = 0;
                double variance = 0;
                double squares = 0;
                for (int i = 0; i < d; i++) {
                    double e = x.get(r, i) - (double) xHat.get(r, i);
                    double c = x.get(r, i) - mean;
                    error += e * e;
                    variance += c * c;
                    squares += (double) x.get(r, i) * x.get(r, i);
                }
                sumError += error;
                sumExplained += 1 - error / variance;
                sumSquares += squares;
            }
            spread.add(x);
            int[] indices = out.indices();
            float[] values = out.values();
            for (int i = 0; i < indices.length; i++) {
                if (values[i] != 0) {
                    active[indices[i]] = true;
                    activeValues++;
                }
            }
            tokens += x.rows();
        }

        /** Tokens added so far. */
        public synchronized long tokens() {
            return tokens;
        }

        /** The figures over every token added so far. */
        public synchronized ReconstructionMetrics metrics() {
            if (tokens == 0) {
                throw new IllegalStateException("No tokens were measured; add at least one batch first.");
            }
            int fired = 0;
            for (boolean a : active) {
                fired += a ? 1 : 0;
            }
            double fraction = (double) fired / active.length;
            double spreadSum = spread.sumSquaredDeviations();
            return new ReconstructionMetrics(sumError / tokens, sumExplained / tokens, (double) activeValues / tokens,
                    fraction, 1 - fraction, spreadSum > 0 ? 1 - sumError / spreadSum : Double.NaN, sumError / sumSquares,
                    active.length - fired, active.length, tokens);
        }
    }
}
