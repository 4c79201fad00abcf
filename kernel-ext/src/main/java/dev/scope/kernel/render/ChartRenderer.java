package dev.scope.kernel.render;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Pictures;
import dev.scope.kernel.ext.Renderer;
import org.knowm.xchart.internal.chartpart.Chart;

/** XChart charts → a picture drawn at the notebook's pixel density, shown at the chart's own size. */
public final class ChartRenderer implements Renderer<Chart<?, ?>> {

    @Override
    public MimeBundle render(Chart<?, ?> chart) {
        int width = chart.getWidth();
        int height = chart.getHeight();
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " \"" + chart.getTitle() + "\"";
        return Pictures.bundle(Pictures.draw(width, height, Pictures.DENSITY, g -> chart.paint(g, width, height)),
                chart.getClass().getSimpleName() + title);
    }
}
