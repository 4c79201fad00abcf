package dev.scope.views;

import dev.scope.engine.sae.SaeInput;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The bar chart every per-layer figure is drawn on (the metrics' and the cost's): layers along x, the input
 * mode in the title, the legend below, DEMO marked.
 */
final class PerLayerBars {

    private PerLayerBars() {
    }

    static CategoryChart chart(int width, int height, String title, SaeInput.Mode mode, String yTitle, boolean demo) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title(DemoMark.title(title + " · " + modeTitle(mode), demo)).xAxisTitle("layer").yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.75);
        return chart;
    }

    /** The chart as a view, watermarked when {@code demo}. */
    static ChartView view(CategoryChart chart, boolean demo) {
        if (demo) {
            DemoMark.watermark(chart);
        }
        return () -> chart;
    }

    static String modeTitle(SaeInput.Mode mode) {
        return switch (mode) {
            case RAW -> "raw inputs";
            case BATCH -> "batch-standardised inputs";
            case DATASET -> "dataset-standardised inputs";
        };
    }
}
