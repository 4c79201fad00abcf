package dev.scope.kernel.ext;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Pictures for notebooks, written once for the views and the kernel's own renderers: drawing at a pixel density
 * with no screen, and PNG encoding. Charts and views are drawn at {@link #DENSITY}× and shown at their logical
 * size, so they stay sharp on HiDPI screens and in slides.
 */
public final class Pictures {

    /** Pixel density of drawn pictures (charts, heatmaps, tiles). */
    public static final int DENSITY = 2;

    private Pictures() {
    }

    /**
     * A {@code width × height} picture (logical pixels) drawn by {@code painter} at {@code scale}× pixel density:
     * the painter draws in logical coordinates on a scaled {@link Graphics2D}.
     */
    public static BufferedImage draw(int width, int height, int scale, Consumer<Graphics2D> painter) {
        if (scale < 1) {
            throw new IllegalArgumentException("The pixel density must be 1 or more, got " + scale + ".");
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(scale, scale);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer accepts image type " + image.getType()
                        + "; use a JDK with javax.imageio.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** A picture drawn at {@link #DENSITY}×, shown at its logical size. */
    public static MimeBundle bundle(BufferedImage picture, String textFallback) {
        int width = picture.getWidth() / DENSITY;
        int height = picture.getHeight() / DENSITY;
        return MimeBundle.png(png(picture), width, height, textFallback + " " + width + "x" + height);
    }
}
