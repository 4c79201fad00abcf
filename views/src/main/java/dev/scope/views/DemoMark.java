package dev.scope.views;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The one DEMO marking shared by every view: results computed with random weights must never pass for real
 * ones in a screenshot. Charts get the text in their title and a translucent watermark inside the chart object
 * (so the kernel's own rendering keeps it); pictures get a banner across the top; tables get it in the caption.
 */
public final class DemoMark {

    public static final String TEXT = "DEMO — random weights";

    static final Color BANNER = new Color(0xE69F00);
    static final Color BANNER_TEXT = new Color(0x1A1A1A);
    private static final Color WATERMARK = new Color(213, 94, 0, 60);

    private DemoMark() {}

    /** {@code title} with the DEMO text in front when {@code demo}. */
    public static String title(String title, boolean demo) {
        return demo ? TEXT + " · " + title : title;
    }

    /**
     * Adds a large translucent DEMO watermark across the middle of the chart. XChart 3.8.8 centres a
     * screen-space text annotation on (x, height − y) and styles it from the styler's annotation font.
     */
    public static void watermark(Chart<?, ?> chart) {
        chart.getStyler().setAnnotationTextFont(Drawing.font(Font.BOLD, Math.max(14f, chart.getWidth() / 18f)));
        chart.getStyler().setAnnotationTextFontColor(WATERMARK);
        chart.addAnnotation(new AnnotationText(TEXT, chart.getWidth() / 2.0, chart.getHeight() / 2.0, true));
    }

    /** A copy of {@code image} with a DEMO banner added above it; the image keeps its width. */
    public static BufferedImage banner(BufferedImage image, int scale) {
        int bannerHeight = 22 * scale;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight() + bannerHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(out);
        try {
            g.drawImage(image, 0, bannerHeight, null);
            g.setColor(BANNER);
            g.fillRect(0, 0, image.getWidth(), bannerHeight);
            g.setColor(BANNER_TEXT);
            g.setFont(Drawing.font(Font.BOLD, 13f * scale));
            Drawing.centered(g, TEXT, image.getWidth() / 2.0, bannerHeight * 0.72);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The caption of a table, with the DEMO text in front when {@code demo}. */
    public static String caption(String caption, boolean demo) {
        if (!demo) {
            return caption;
        }
        return caption == null || caption.isBlank() ? TEXT : TEXT + " · " + caption;
    }
}
