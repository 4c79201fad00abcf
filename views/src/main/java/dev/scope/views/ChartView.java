package dev.scope.views;

import java.awt.image.BufferedImage;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A view backed by an XChart chart. The chart object is exposed so that a caller (the kernel) may render or
 * restyle it itself; {@link #toImage()} renders it at 2× pixel density.
 */
public interface ChartView extends View {

    Chart<?, ?> chart();

    @Override
    default BufferedImage toImage() {
        return Png.render(chart(), Png.DEFAULT_SCALE);
    }
}
