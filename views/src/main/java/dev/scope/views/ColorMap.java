package dev.scope.views;

import java.awt.Color;

/**
 * The colour maps of the patch heatmaps, each a small table of anchor colours interpolated linearly.
 *
 * <p>{@link #VIRIDIS} (matplotlib's, sampled at 10 even steps) is for maps with no negative values, such as
 * SAE latents after top-k. {@link #DIVERGING} is for maps with negative values (pre-activations, {@code --pre}):
 * blue below zero, orange above, and <em>dark at zero</em> — like viridis's dark end, so that over a photo
 * "nothing here" reads the same way in both maps, and the lightness grows with |value| on both sides.
 */
public enum ColorMap {

    VIRIDIS(0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725),

    DIVERGING(0x9FD8FF, 0x4FA3E8, 0x2A6BB0, 0x1E3E6B, 0x1A1A22, 0x6B2C18, 0xB0481D, 0xE8782A, 0xFFC06B);

    private final int[] anchors;

    ColorMap(int... anchors) {
        this.anchors = anchors;
    }

    /** The colour at {@code t} in [0, 1]; values outside are clamped. */
    public Color at(double t) {
        return new Color(rgbAt(t));
    }

    /** {@link #at(double)} as a packed 0xRRGGBB int, for per-pixel work. */
    public int rgbAt(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double position = clamped * (anchors.length - 1);
        int low = Math.min((int) position, anchors.length - 2);
        double f = position - low;
        int a = anchors[low];
        int b = anchors[low + 1];
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
