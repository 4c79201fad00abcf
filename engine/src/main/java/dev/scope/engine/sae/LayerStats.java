package dev.scope.engine.sae;

import dev.scope.engine.Matrix;

import java.util.List;

/**
 * One layer's per-dimension mean and standard deviation over some tokens, and the standardisation the
 * scope's training applied with them: {@code x_s = (x − mean) / (std + }{@value #EPSILON}{@code )}, std
 * the sample standard deviation (n − 1 in the denominator, torch's {@code std}).
 *
 * <pre>
 * jshell&gt; var stats = LayerStats.over(List.of(resid));      // resid: tokens × d_in
 * jshell&gt; stats.standardise(resid)                          // what the SAE sees in batch mode
 * </pre>
 */
public record LayerStats(float[] mean, float[] std, long tokens) {

    /** Added to the standard deviation before dividing, as the training code did. */
    public static final double EPSILON = 1e-6;

    public LayerStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Input statistics need a mean and a standard deviation per dimension, not "
                    + mean.length + " and " + std.length + " values.");
        }
        if (tokens < 2) {
            throw new IllegalArgumentException("Input statistics need at least 2 tokens, not " + tokens + ".");
        }
    }

    public int width() {
        return mean.length;
    }

    /** The statistics over the rows of {@code parts} taken together, in double precision (two passes per part). */
    public static LayerStats over(List<Matrix> parts) {
        Welford sum = new Welford();
        for (Matrix part : parts) {
            sum.add(part);
        }
        return sum.stats();
    }

    /** {@code (x − mean) / (std + ε)}, row by row. */
    public Matrix standardise(Matrix x) {
        check(x);
        int d = mean.length;
        float[] out = new float[x.data().length];
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < d; c++) {
                out[r * d + c] = (float) ((x.get(r, c) - (double) mean[c]) / (std[c] + EPSILON));
            }
        }
        return new Matrix(x.rows(), d, out);
    }

    /** {@code x_s · (std + ε) + mean}: a standardised row (a reconstruction) back in the residual stream's space. */
    public Matrix destandardise(Matrix standardised) {
        check(standardised);
        int d = mean.length;
        float[] out = new float[standardised.data().length];
        for (int r = 0; r < standardised.rows(); r++) {
            for (int c = 0; c < d; c++) {
                out[r * d + c] = (float) (standardised.get(r, c) * (std[c] + EPSILON) + mean[c]);
            }
        }
        return new Matrix(standardised.rows(), d, out);
    }

    /**
     * {@code x} changed by what an edit made of its standardised form: {@code x + (edited − xs) · (std + ε)}
     * on every row where {@code edited} differs from {@code xs}; other rows stay exactly {@code x}.
     */
    public Matrix carryBack(Matrix x, Matrix xs, Matrix edited) {
        check(x);
        int d = mean.length;
        float[] out = x.data().clone();
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < d; c++) {
                float delta = edited.get(r, c) - xs.get(r, c);
                if (delta != 0) {
                    out[r * d + c] = (float) (x.get(r, c) + delta * (std[c] + EPSILON));
                }
            }
        }
        return new Matrix(x.rows(), d, out);
    }

    private void check(Matrix x) {
        if (x.cols() != mean.length) {
            throw new SaeInputException("The activations are " + x.cols() + " wide but these input statistics are "
                    + mean.length + " wide; use statistics of the same model and layer.");
        }
    }

    /**
     * Per-dimension sums merged chunk by chunk (Chan et al.'s update of mean and squared deviations), so
     * that statistics over any number of tokens take O(d_in) memory and stay accurate.
     */
    public static final class Welford {
        private double[] mean;
        private double[] m2;
        private long n;

        public void add(Matrix x) {
            if (x.rows() == 0) {
                return;
            }
            int d = x.cols();
            if (mean == null) {
                mean = new double[d];
                m2 = new double[d];
            } else if (mean.length != d) {
                throw new SaeInputException("These activations are " + d + " wide, the earlier ones " + mean.length
                        + "; estimate each layer's statistics on its own.");
            }
            double[] chunkMean = new double[d];
            for (int r = 0; r < x.rows(); r++) {
                for (int c = 0; c < d; c++) {
                    chunkMean[c] += x.get(r, c);
                }
            }
            for (int c = 0; c < d; c++) {
                chunkMean[c] /= x.rows();
            }
            double[] chunkM2 = new double[d];
            for (int r = 0; r < x.rows(); r++) {
                for (int c = 0; c < d; c++) {
                    double dev = x.get(r, c) - chunkMean[c];
                    chunkM2[c] += dev * dev;
                }
            }
            long m = x.rows();
            long total = n + m;
            for (int c = 0; c < d; c++) {
                double delta = chunkMean[c] - mean[c];
                mean[c] += delta * m / total;
                m2[c] += chunkM2[c] + delta * delta * ((double) n * m / total);
            }
            n = total;
        }

        public long tokens() {
            return n;
        }

        /** Σ over the tokens added of ‖x − μ‖², μ their per-dimension mean. */
        public double sumSquaredDeviations() {
            double sum = 0;
            for (int c = 0; m2 != null && c < m2.length; c++) {
                sum += m2[c];
            }
            return sum;
        }

        public LayerStats stats() {
            if (n < 2) {
                throw new IllegalStateException("Statistics need at least 2 tokens; " + n + " were added.");
            }
            float[] meanOut = new float[mean.length];
            float[] stdOut = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                meanOut[c] = (float) mean[c];
                stdOut[c] = (float) Math.sqrt(m2[c] / (n - 1));
            }
            return new LayerStats(meanOut, stdOut, n);
        }
    }
}
