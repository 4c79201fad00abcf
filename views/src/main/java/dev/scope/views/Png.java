package dev.scope.views;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * PNG encoding with no screen. XChart 3.8.8's {@code BitmapEncoder.getBitmapBytes} draws at 1× only and its
 * {@code saveBitmapWithDPI} writes to a file, so charts are rendered here the way that method does it: a
 * bigger image and a scaled {@link Graphics2D}, then {@code chart.paint} at the chart's logical size.
 */
public final class Png {

    /** Pixel density of chart images: sharp on HiDPI screens and in slides. */
    public static final int DEFAULT_SCALE = 2;

    private Png() {}

    /** Renders {@code chart} at {@code scale}× its width and height. */
    public static BufferedImage render(Chart<?, ?> chart, int scale) {
        Sizes.scale(scale);
        BufferedImage image = new BufferedImage(chart.getWidth() * scale, chart.getHeight() * scale,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(scale, scale);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return image;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("This Java runtime has no PNG writer; use a JDK with javax.imageio.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
