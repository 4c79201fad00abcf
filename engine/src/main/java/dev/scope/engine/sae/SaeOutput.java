package dev.scope.engine.sae;

import dev.scope.engine.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a TopK SAE made of {@code rows} activations, in plain Java memory. Row {@code r} kept the
 * latents {@code indices[r*k .. r*k+k)} with the values {@code values[r*k .. r*k+k)}, largest value
 * first. The values are pre-activations kept without a ReLU, so some may be negative; a latent is
 * <em>active</em> on a row when it was kept there with a nonzero value (it is nonzero in
 * {@link #latent()}).
 *
 * <pre>
 * jshell&gt; var out = sae.forwardVerbose(resid);            // resid: 257 × 1024, CLS first
 * jshell&gt; out.topLatents(0, 5)                           // the CLS token's five strongest latents
 * jshell&gt; out.latentColumn(4242)                         // latent 4242 on every token, for a heatmap
 * </pre>
 */
public record SaeOutput(int rows, int k, int nFeatures, int[] indices, float[] values, Matrix reconstruction) {

    public SaeOutput {
        if (indices.length != (long) rows * k || values.length != indices.length || reconstruction.rows() != rows) {
            throw new IllegalArgumentException("An SaeOutput of " + rows + " rows with k " + k + " needs " + rows * k
                    + " indices and values and " + rows + " reconstructed rows.");
        }
    }

    public int index(int row, int j) {
        return indices[row * k + j];
    }

    public float value(int row, int j) {
        return values[row * k + j];
    }

    /** The dense rows × n_features latent matrix (zeros but for the kept values), built on each call. */
    public Matrix latent() {
        float[] dense = new float[Math.multiplyExact(rows, nFeatures)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                dense[r * nFeatures + indices[r * k + j]] = values[r * k + j];
            }
        }
        return new Matrix(rows, nFeatures, dense);
    }

    /** One row of {@link #latent()}. */
    public float[] latentRow(int row) {
        float[] dense = new float[nFeatures];
        for (int j = 0; j < k; j++) {
            dense[index(row, j)] = value(row, j);
        }
        return dense;
    }

    /** One latent's value on every row (zero where it was not kept): a heatmap over tokens. */
    public float[] latentColumn(int latent) {
        checkLatent(latent);
        float[] column = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                if (indices[r * k + j] == latent) {
                    column[r] = values[r * k + j];
                }
            }
        }
        return column;
    }

    /** The distinct latents active on at least one row, in increasing id order. */
    public int[] activeLatents() {
        boolean[] seen = new boolean[nFeatures];
        int count = 0;
        for (int i = 0; i < indices.length; i++) {
            if (values[i] != 0 && !seen[indices[i]]) {
                seen[indices[i]] = true;
                count++;
            }
        }
        int[] out = new int[count];
        for (int f = 0, n = 0; f < nFeatures; f++) {
            if (seen[f]) {
                out[n++] = f;
            }
        }
        return out;
    }

    /** On how many rows each latent is active: an array of n_features counts. */
    public int[] activeCounts() {
        int[] counts = new int[nFeatures];
        for (int i = 0; i < indices.length; i++) {
            if (values[i] != 0) {
                counts[indices[i]]++;
            }
        }
        return counts;
    }

    /** Mean number of active latents per row. */
    public double l0() {
        long active = 0;
        for (float v : values) {
            if (v != 0) {
                active++;
            }
        }
        return rows == 0 ? 0 : (double) active / rows;
    }

    /** The {@code n} largest kept values of one row, largest first. */
    public List<LatentActivation> topLatents(int row, int n) {
        if (row < 0 || row >= rows) {
            throw new SaeInputException("Row " + row + " does not exist; this output has rows 0 to " + (rows - 1) + ".");
        }
        List<LatentActivation> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(new LatentActivation(index(row, j), row, value(row, j)));
        }
        out.sort(Comparator.comparingDouble(LatentActivation::value).reversed());
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    /**
     * The {@code n} latents whose largest value over all rows is largest, each with the row where it
     * peaks: the batch's strongest latents, each counted once.
     */
    public List<LatentActivation> topLatents(int n) {
        float[] best = new float[nFeatures];
        int[] bestRow = new int[nFeatures];
        Arrays.fill(bestRow, -1);
        for (int i = 0; i < indices.length; i++) {
            int f = indices[i];
            if (values[i] != 0 && (bestRow[f] < 0 || values[i] > best[f])) {
                best[f] = values[i];
                bestRow[f] = i / k;
            }
        }
        List<LatentActivation> out = new ArrayList<>();
        for (int f = 0; f < nFeatures; f++) {
            if (bestRow[f] >= 0) {
                out.add(new LatentActivation(f, bestRow[f], best[f]));
            }
        }
        out.sort(Comparator.comparingDouble(LatentActivation::value).reversed());
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    private void checkLatent(int latent) {
        requireLatent(latent, nFeatures);
    }

    /** {@code latent} itself when an SAE of {@code nFeatures} latents has it, else one sentence naming the range. */
    public static int requireLatent(int latent, int nFeatures) {
        if (latent < 0 || latent >= nFeatures) {
            throw new IllegalArgumentException("Latent " + latent + " does not exist; this SAE has latents 0 to "
                    + (nFeatures - 1) + ".");
        }
        return latent;
    }

    @Override
    public String toString() {
        return "SaeOutput(" + rows + " rows, k " + k + " of " + nFeatures + " latents)";
    }
}
