package dev.scope.views;

import java.awt.Color;

/**
 * How values map to colours: a colour map stretched over [min, max].
 *
 * <p>{@link #auto} decides for the caller: with any negative value, the {@link ColorMap#DIVERGING} map over a
 * range symmetric about zero (so zero is always the dark middle and both signs compare); otherwise
 * {@link ColorMap#VIRIDIS} from 0 to the largest value (a latent that does not fire is the dark end, not the
 * middle of the scale). An all-zero map gets [0, 1] so that it draws as "nothing".
 */
public record ColorScale(ColorMap map, double min, double max) {

    public ColorScale {
        if (map == null) {
            throw new IllegalArgumentException("The colour map is missing; pass ColorMap.VIRIDIS or ColorMap.DIVERGING.");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("The colour range [" + min + ", " + max
                    + "] is empty or not finite; pass a finite min below max.");
        }
    }

    /** The scale that fits all of {@code maps} (share one scale across panels to compare them). */
    public static ColorScale auto(float[]... maps) {
        double lowest = 0;
        double highest = 0;
        for (float[] values : maps) {
            for (float v : values) {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
        }
        if (lowest < 0) {
            double extent = Math.max(-lowest, highest);
            return new ColorScale(ColorMap.DIVERGING, -extent, extent);
        }
        return new ColorScale(ColorMap.VIRIDIS, 0, highest > 0 ? highest : 1);
    }

    public boolean diverging() {
        return map == ColorMap.DIVERGING;
    }

    /** Where {@code value} falls in [0, 1] along the scale, clamped. */
    public double position(double value) {
        return Math.max(0, Math.min(1, (value - min) / (max - min)));
    }

    public Color color(double value) {
        return map.at(position(value));
    }

    public int rgb(double value) {
        return map.rgbAt(position(value));
    }
}
