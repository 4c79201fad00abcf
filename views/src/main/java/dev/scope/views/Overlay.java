package dev.scope.views;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Drawing shared by the patch heatmap views: the coloured grid over a photo, and the colour bar. */
final class Overlay {

    private Overlay() {}

    static double checkOpacity(double opacity) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("Opacity " + opacity + " is out of range; pass a number from 0 to 1.");
        }
        return opacity;
    }

    static Upsampling checkUpsampling(Upsampling upsampling) {
        if (upsampling == null) {
            throw new IllegalArgumentException("The upsampling is missing; pass Upsampling.NEAREST or BILINEAR.");
        }
        return upsampling;
    }

    /**
     * {@code crop} resized to {@code width}×{@code height} pixels with {@code grid} blended over it: each pixel is
     * {@code (1 − opacity) · photo + opacity · colour(value)}.
     */
    static BufferedImage render(BufferedImage crop, PatchGrid grid, ColorScale scale, Upsampling upsampling,
            double opacity, int width, int height) {
        BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(photo);
        g.drawImage(crop, 0, 0, width, height, null);
        g.dispose();

        int n = grid.size();
        int[] rgb = photo.getRGB(0, 0, width, height, null, 0, width);
        for (int y = 0; y < height; y++) {
            double gridRow = (y + 0.5) * n / height;
            for (int x = 0; x < width; x++) {
                double gridCol = (x + 0.5) * n / width;
                double value = upsampling == Upsampling.NEAREST
                        ? grid.get(Math.min(n - 1, (int) gridRow), Math.min(n - 1, (int) gridCol))
                        : grid.bilinear(gridRow - 0.5, gridCol - 0.5);
                rgb[y * width + x] = blend(rgb[y * width + x], scale.rgb(value), opacity);
            }
        }
        photo.setRGB(0, 0, width, height, rgb, 0, width);
        return photo;
    }

    private static int blend(int under, int over, double opacity) {
        int r = (int) Math.round(((under >> 16) & 0xFF) * (1 - opacity) + ((over >> 16) & 0xFF) * opacity);
        int g = (int) Math.round(((under >> 8) & 0xFF) * (1 - opacity) + ((over >> 8) & 0xFF) * opacity);
        int b = (int) Math.round((under & 0xFF) * (1 - opacity) + (over & 0xFF) * opacity);
        return (r << 16) | (g << 8) | b;
    }

    /** Logical width a colour bar takes with its labels. */
    static final int BAR_WIDTH = 12;
    static final int BAR_LABEL_WIDTH = 44;

    /**
     * A vertical colour bar at (x, y) of logical size {@link #BAR_WIDTH}×{@code height}, max at the top, with
     * its max and min (and 0, for a diverging scale) labelled on the right.
     */
    static void colorBar(Graphics2D g, ColorScale scale, double x, double y, double height) {
        int steps = (int) Math.ceil(height * 2);
        for (int i = 0; i < steps; i++) {
            double t = 1 - (i + 0.5) / steps;
            g.setColor(scale.map().at(t));
            g.fill(new java.awt.geom.Rectangle2D.Double(x, y + i * height / steps, BAR_WIDTH, height / steps + 0.6));
        }
        g.setColor(new Color(0x888888));
        g.draw(new java.awt.geom.Rectangle2D.Double(x, y, BAR_WIDTH, height));

        g.setFont(Drawing.font(Font.PLAIN, 10.5f));
        g.setColor(Drawing.TEXT);
        float labelX = (float) (x + BAR_WIDTH + 4);
        int ascent = g.getFontMetrics().getAscent();
        g.drawString(Drawing.number(scale.max()), labelX, (float) (y + ascent - 1));
        g.drawString(Drawing.number(scale.min()), labelX, (float) (y + height));
        if (scale.diverging()) {
            g.drawString("0", labelX, (float) (y + height / 2 + ascent / 2.0 - 1));
        }
    }
}
