package dev.scope.cli;

import dev.scope.engine.io.DType;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One layer of two {@code ./scope forward} files set side by side: the residual stream and the
 * reconstruction within a tolerance, and the same active latents on every token whose k-th gap (k-th
 * minus (k+1)-th largest pre-activation) leaves the top k numerically determined. A reference may
 * also be in the layout of {@code fixtures/expected.safetensors}: flattened reconstructions, a dense
 * {@code sae.L.latent} instead of indices and values, and {@code sae.L.kth_gap}.
 *
 * <p>Without k-th gaps, a token whose latents differ counts as a near tie, not a difference, when every
 * latent kept by one side alone lies within the minimum gap of the other side's k-th value.
 *
 * <p>Tolerances are absolute, scaled by the reference's largest magnitude where that exceeds 1: a
 * float32 pass in another order of summation differs by a few units in the last place of the
 * largest values it adds.
 */
record Parity(int layer, int rows, Diff resid, Diff reconstruction, int heldRows, int sameLatents, int nearTies,
              Diff keptValues, float tolerance, float minGap, boolean gapsGiven) {

    /** The largest absolute difference and the largest reference magnitude over the values compared. */
    record Diff(float maxAbs, float maxRef, int compared) {
        float bound(float tolerance) {
            return tolerance * Math.max(1f, maxRef);
        }

        boolean within(float tolerance) {
            return maxAbs <= bound(tolerance);
        }

        static Diff of(float[] ours, float[] reference, boolean[] rowsToCompare, int width) {
            if (ours.length != reference.length) {
                throw new IllegalArgumentException("The files hold " + ours.length + " and " + reference.length
                        + " values for the same tensor; compare passes over the same images and layers.");
            }
            float max = 0;
            float ref = 0;
            int n = 0;
            for (int i = 0; i < ours.length; i++) {
                if (rowsToCompare != null && !rowsToCompare[i / width]) {
                    continue;
                }
                max = Math.max(max, Math.abs(ours[i] - reference[i]));
                ref = Math.max(ref, Math.abs(reference[i]));
                n++;
                if (Float.isNaN(ours[i]) != Float.isNaN(reference[i])) {
                    max = Float.POSITIVE_INFINITY;
                }
            }
            return new Diff(max, ref, n);
        }
    }

    /** The default tolerance, as the project's parity tests ask of float32 against transformers. */
    static final float TOLERANCE = 1e-4f;
    /** Below this k-th gap the top-k set is not determined by float32 arithmetic (fixtures/README.md). */
    static final float MIN_GAP = 1e-3f;

    /** Whether the residual stream, the kept latents and the reconstruction all agree. */
    boolean agrees() {
        return resid.within(tolerance) && sameLatents == heldRows && keptValues.within(tolerance)
                && reconstruction.within(tolerance);
    }

    static Parity of(int layer, Safetensors ours, Safetensors reference, Safetensors gaps, float tolerance,
                     float minGap) throws IOException {
        String r = "resid." + layer;
        String s = "sae." + layer + ".";
        require(ours, r, s + "indices", s + "values", s + "reconstruction");
        require(reference, r, s + "reconstruction");
        int[] ourIds = ints(ours.tensor(s + "indices"));
        float[] ourValues = ours.tensor(s + "values").toFloats();
        long[] shape = ours.entry(s + "indices").shape();
        int k = (int) shape[shape.length - 1];
        int rows = ourIds.length / k;
        List<Map<Integer, Float>> mine = kept(ourIds, ourValues, rows, k);
        List<Map<Integer, Float>> theirs;
        if (reference.contains(s + "indices")) {
            theirs = kept(ints(reference.tensor(s + "indices")), reference.tensor(s + "values").toFloats(), rows, k);
        } else {
            require(reference, s + "latent");
            float[] dense = reference.tensor(s + "latent").toFloats();
            int features = dense.length / rows;
            theirs = new ArrayList<>(rows);
            for (int row = 0; row < rows; row++) {
                Map<Integer, Float> m = new TreeMap<>();
                for (int f = 0; f < features; f++) {
                    if (dense[row * features + f] != 0) {
                        m.put(f, dense[row * features + f]);
                    }
                }
                theirs.add(m);
            }
        }
        float[] gap = gaps(layer, reference, gaps, rows);
        boolean[] compared = new boolean[rows];
        float[] theirValues = new float[ourValues.length];
        int heldRows = 0;
        int same = 0;
        int ties = 0;
        for (int row = 0; row < rows; row++) {
            if (gap != null && gap[row] <= minGap) {
                continue;
            }
            if (mine.get(row).keySet().equals(theirs.get(row).keySet())) {
                heldRows++;
                same++;
                compared[row] = true;
                for (int j = 0; j < k; j++) {
                    theirValues[row * k + j] = theirs.get(row).getOrDefault(ourIds[row * k + j], 0f);
                }
            } else if (gap == null && nearTie(mine.get(row), theirs.get(row), minGap)) {
                ties++;
            } else {
                heldRows++;
            }
        }
        Diff resid = Diff.of(ours.tensor(r).toFloats(), reference.tensor(r).toFloats(), null, 1);
        int width = (int) (Tensor.numel(ours.entry(s + "reconstruction").shape()) / rows);
        Diff recon = Diff.of(ours.tensor(s + "reconstruction").toFloats(),
                reference.tensor(s + "reconstruction").toFloats(), compared, width);
        Diff values = Diff.of(ourValues, theirValues, compared, k);
        return new Parity(layer, rows, resid, recon, heldRows, same, ties, values, tolerance, minGap, gap != null);
    }

    /** Each row's active latents (kept with a nonzero value: nonzero in clipscope's dense latent) and their values. */
    private static List<Map<Integer, Float>> kept(int[] ids, float[] values, int rows, int k) {
        List<Map<Integer, Float>> out = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            Map<Integer, Float> m = new TreeMap<>();
            for (int j = 0; j < k; j++) {
                if (values[row * k + j] != 0) {
                    m.put(ids[row * k + j], values[row * k + j]);
                }
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Whether two top-k sets differ only at the threshold: every latent one side kept alone has a value
     * within {@code minGap} of the other side's k-th (smallest kept) value, so that a change in the last
     * digits of the pre-activations can swap them.
     */
    private static boolean nearTie(Map<Integer, Float> mine, Map<Integer, Float> theirs, float minGap) {
        return onlyAtThreshold(mine, theirs, minGap) && onlyAtThreshold(theirs, mine, minGap);
    }

    private static boolean onlyAtThreshold(Map<Integer, Float> side, Map<Integer, Float> other, float minGap) {
        float otherKth = other.values().stream().min(Float::compare).orElse(Float.NEGATIVE_INFINITY);
        for (Map.Entry<Integer, Float> e : side.entrySet()) {
            if (!other.containsKey(e.getKey()) && e.getValue() - otherKth > minGap) {
                return false;
            }
        }
        return true;
    }

    /** One paragraph for people. */
    String describe() {
        return String.format(Locale.ROOT, """
                layer %d: %s
                  resid.%d          max |Δ| %.2e (largest |reference| %.3g; bound %.1e)
                  active latents   the same on %d of %d tokens %s
                  kept values      max |Δ| %.2e on those tokens (bound %.1e)
                  reconstruction   max |Δ| %.2e on those tokens (largest |reference| %.3g; bound %.1e)""",
                layer, agrees() ? "AGREE" : "DIFFER", layer, resid.maxAbs(), resid.maxRef(), resid.bound(tolerance),
                sameLatents, heldRows, gapsGiven
                        ? String.format(Locale.ROOT, "whose k-th gap exceeds %.0e (%d of %d tokens have such a gap)",
                                minGap, heldRows, rows)
                        : String.format(Locale.ROOT, "(no k-th gaps given; %d more differ only by latents within %.0e"
                                + " of the k-th value, near ties)", nearTies, minGap),
                keptValues.maxAbs(), keptValues.bound(tolerance),
                reconstruction.maxAbs(), reconstruction.maxRef(), reconstruction.bound(tolerance));
    }

    private static float[] gaps(int layer, Safetensors reference, Safetensors gaps, int rows) throws IOException {
        String name = "sae." + layer + ".kth_gap";
        Safetensors source = gaps != null && gaps.contains(name) ? gaps : reference.contains(name) ? reference : null;
        if (source == null) {
            return null;
        }
        float[] gap = source.tensor(name).toFloats();
        if (gap.length != rows) {
            throw new IllegalArgumentException(source.path() + " gives " + gap.length + " k-th gaps for layer " + layer
                    + " but the passes have " + rows + " tokens; give the gaps of the same images.");
        }
        return gap;
    }

    private static void require(Safetensors file, String... names) {
        for (String name : names) {
            if (!file.contains(name)) {
                throw new IllegalArgumentException(file.path() + " has no tensor " + name
                        + "; compare files written by ./scope forward for the same layers.");
            }
        }
    }

    private static int[] ints(Tensor t) {
        ByteBuffer b = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[Math.toIntExact(t.numel())];
        if (t.dtype() == DType.I32) {
            b.asIntBuffer().get(out);
        } else if (t.dtype() == DType.I64) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(b.getLong(i * 8));
            }
        } else {
            throw new IllegalArgumentException("Tensor " + t.name() + " holds " + t.dtype() + ", not latent ids (int32 or int64).");
        }
        return out;
    }
}
