package dev.scope.index;

import dev.scope.engine.scan.TopImages;

import java.util.Arrays;

/**
 * How a latent is spread over the indexed images at one layer: the values where it is active (on the CLS token,
 * or on any patch for {@link TopImages.By#MAX_PATCH}), their quantiles, and its density, the share of images
 * where it is active.
 *
 * @param images  images indexed (status ok)
 * @param values  the value of each image where it is active, largest first
 */
public record LatentStats(int layer, int latent, TopImages.By by, long images, float[] values) {

    public long active() {
        return values.length;
    }

    /** Share of the indexed images where the latent is active. */
    public double density() {
        return images == 0 ? 0 : (double) values.length / images;
    }

    /** The {@code q} quantile (0 … 1) of the active values, nearest rank; NaN when it is never active. */
    public double quantile(double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        float[] ascending = values.clone();
        Arrays.sort(ascending);
        int rank = (int) Math.ceil(q * ascending.length);
        return ascending[Math.max(0, Math.min(ascending.length - 1, rank - 1))];
    }

    public double max() {
        return values.length == 0 ? Double.NaN : values[0];
    }
}
