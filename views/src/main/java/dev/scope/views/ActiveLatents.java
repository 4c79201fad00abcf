package dev.scope.views;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The active latents of one token: SAE latent ids and their values, in any order. clipscope keeps the top k
 * pre-activations with no ReLU, so values may be negative.
 *
 * <pre>
 * var active = new ActiveLatents(new int[] {7, 3, 9}, new float[] {0.5f, 2f, -1f});
 * active.sortedByValue().ids()   // [3, 7, 9]
 * </pre>
 */
public record ActiveLatents(int[] ids, float[] values) {

    public ActiveLatents {
        if (ids == null || values == null) {
            throw new IllegalArgumentException("Active latents need both ids and values; pass two arrays of the same length.");
        }
        if (ids.length != values.length) {
            throw new IllegalArgumentException("Got " + ids.length + " latent ids but " + values.length
                    + " values; pass one value per id.");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException("Latent id " + ids[i] + " at position " + i
                        + " is negative; ids count from 0.");
            }
            if (!seen.add(ids[i])) {
                throw new IllegalArgumentException("Latent id " + ids[i] + " appears twice; pass each active latent once.");
            }
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("Latent " + ids[i] + " has value " + values[i]
                        + "; every value must be a finite number.");
            }
        }
        ids = ids.clone();
        values = values.clone();
    }

    /** The non-zero entries of a dense latent vector (one SAE output row), in id order. */
    public static ActiveLatents fromDense(float[] latents) {
        int[] ids = IntStream.range(0, latents.length).filter(i -> latents[i] != 0f).toArray();
        float[] values = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = latents[ids[i]];
        }
        return new ActiveLatents(ids, values);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    public int count() {
        return ids.length;
    }

    /** Sorted by value, largest first (negatives last); equal values keep id order. */
    public ActiveLatents sortedByValue() {
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> ids[i]));
        int[] sortedIds = new int[ids.length];
        float[] sortedValues = new float[ids.length];
        for (int i = 0; i < order.length; i++) {
            sortedIds[i] = ids[order[i]];
            sortedValues[i] = values[order[i]];
        }
        return new ActiveLatents(sortedIds, sortedValues);
    }

    /** Σ|v|. */
    public double l1Norm() {
        double sum = 0;
        for (float v : values) {
            sum += Math.abs(v);
        }
        return sum;
    }

    /** The first {@code n} (all when there are fewer), in this order. */
    public ActiveLatents first(int n) {
        int count = Math.min(Math.max(0, n), ids.length);
        return new ActiveLatents(Arrays.copyOf(ids, count), Arrays.copyOf(values, count));
    }

    /** The largest id, or -1 when there are none. */
    public int maxId() {
        return Arrays.stream(ids).max().orElse(-1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActiveLatents other && Arrays.equals(ids, other.ids) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ActiveLatents(" + ids.length + " latents)";
    }
}
