package dev.scope.views;

import dev.scope.kernel.ext.Pictures;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.image.BufferedImage;

/**
 * XChart charts as pictures with no screen. XChart 3.8.8's {@code BitmapEncoder.getBitmapBytes} draws at 1× only
 * and its {@code saveBitmapWithDPI} writes to a file, so charts are painted at their logical size on a scaled
 * graphics, the way that method does it ({@link Pictures#draw}).
 */
public final class Png {

    /** Pixel density of chart images: the one every notebook picture is drawn at. */
    public static final int DEFAULT_SCALE = Pictures.DENSITY;

    private Png() {}

    /** Renders {@code chart} at {@code scale}× its width and height. */
    public static BufferedImage render(Chart<?, ?> chart, int scale) {
        Sizes.scale(scale);
        return Pictures.draw(chart.getWidth(), chart.getHeight(), scale,
                g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
    }

    /** {@code chart} as PNG bytes at {@code scale}× pixel density. */
    public static byte[] toPng(Chart<?, ?> chart, int scale) {
        return encode(render(chart, scale));
    }

    /** {@code chart} as PNG bytes at {@link #DEFAULT_SCALE}× pixel density. */
    public static byte[] toPng(Chart<?, ?> chart) {
        return toPng(chart, DEFAULT_SCALE);
    }

    public static byte[] encode(BufferedImage image) {
        return Pictures.png(image);
    }
}
