package dev.scope.kernel.render;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderer;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** XChart charts → PNG drawn at twice the pixel density, shown at the chart's own size. */
public final class ChartRenderer implements Renderer<Chart<?, ?>> {

    static final int DENSITY = 2;

    @Override
    public MimeBundle render(Chart<?, ?> chart) {
        int width = chart.getWidth();
        int height = chart.getHeight();
        BufferedImage image = new BufferedImage(width * DENSITY, height * DENSITY, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(DENSITY, DENSITY);
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " \"" + chart.getTitle() + "\"";
        return MimeBundle.png(ImageRenderer.png(image), width, height,
                chart.getClass().getSimpleName() + title + " " + width + "x" + height);
    }
}
