package dev.scope.engine.sae;

import dev.scope.engine.Matrix;

/**
 * How well an SAE reconstructed its inputs, by the formulas of the CLIP ViT-L scope's model card:
 * <ul>
 *   <li>{@code mse}: mean over tokens of Σ_i (x_i − x̂_i)²;</li>
 *   <li>{@code explainedVariance}: mean over tokens of 1 − Σ_i (x_i − x̂_i)² / Σ_i (x_i − mean(x))²,
 *       with mean(x) over that token's d_in features;</li>
 *   <li>{@code l0}: mean number of active (nonzero) latents per token;</li>
 *   <li>{@code fractionActive}: share of all latents active on at least one token,
 *       and {@code fractionNeverActive} = 1 − fractionActive.</li>
 * </ul>
 * {@link Accumulator} takes the tokens batch by batch and gives the figures over all of them, exactly
 * as one batch of everything would; this is the only place the formulas are written.
 *
 * <pre>
 * jshell&gt; ReconstructionMetrics.of(r.layer(22).resid(), r.layer(22).sae()).explainedVariance()
 * jshell&gt; var sum = new ReconstructionMetrics.Accumulator();
 * jshell&gt; sum.add(x1, out1); sum.add(x2, out2); sum.metrics().mse()
 * </pre>
 */
public record ReconstructionMetrics(double mse, double explainedVariance, double l0, double fractionActive,
                                    double fractionNeverActive) {

    /** The figures of one batch: {@code x} the SAE's inputs, {@code out} what it made of them. */
    public static ReconstructionMetrics of(Matrix x, SaeOutput out) {
        Accumulator sum = new Accumulator();
        sum.add(x, out);
        return sum.metrics();
    }

    /** Sums over tokens, batch after batch, in O(n_features) memory. */
    public static final class Accumulator {
        private boolean[] active;
        private long tokens;
        private long activeValues;
        private double sumError;
        private double sumExplained;

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
                for (int i = 0; i < d; i++) {
                    double e = x.get(r, i) - (double) xHat.get(r, i);
                    double c = x.get(r, i) - mean;
                    error += e * e;
                    variance += c * c;
                }
                sumError += error;
                sumExplained += 1 - error / variance;
            }
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
            return new ReconstructionMetrics(sumError / tokens, sumExplained / tokens, (double) activeValues / tokens,
                    fraction, 1 - fraction);
        }
    }
}
