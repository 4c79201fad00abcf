package dev.scope.views;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Java2D helpers shared by the picture views: fonts, hints, text placement, number labels. */
final class Drawing {

    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);

    private Drawing() {}

    static Font font(int style, float size) {
        return new Font(Font.SANS_SERIF, style, 12).deriveFont(style, size);
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** A white canvas of the given size. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static void centered(Graphics2D g, String text, double centerX, double baselineY) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (float) (centerX - metrics.stringWidth(text) / 2.0), (float) baselineY);
    }

    /** The largest font no bigger than {@code size} in which {@code text} fits {@code maxWidth}. */
    static Font fitting(Graphics2D g, String text, int style, float size, double maxWidth) {
        Font font = font(style, size);
        while (size > 7 && g.getFontMetrics(font).stringWidth(text) > maxWidth) {
            size -= 0.5f;
            font = font(style, size);
        }
        return font;
    }

    /** {@code text} cut with an ellipsis so that it fits {@code maxWidth} in the current font. */
    static String clip(Graphics2D g, String text, double maxWidth) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && metrics.stringWidth(cut + "…") > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** A short label for a value: 3 significant digits, scientific only for very large or small numbers. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (value == 0) {
            return "0";
        }
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        if (magnitude >= 1e5 || magnitude < 1e-3) {
            return new DecimalFormat("0.##E0", symbols).format(value);
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(magnitude)));
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "0" : "0." + "#".repeat(decimals), symbols);
        return format.format(value);
    }
}
