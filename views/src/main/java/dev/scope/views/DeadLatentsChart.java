package dev.scope.views;

import dev.scope.index.DeadLatents;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.util.List;

/** The share of each layer's latents that fired on no indexed image: one bar per layer, the count on the axis title. */
public final class DeadLatentsChart implements ChartView {

    private final CategoryChart chart;

    private DeadLatentsChart(List<DeadLatents> layers, boolean demo) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("There are no layers to draw; pass the dead latents of at least one layer.");
        }
        long images = layers.get(0).images();
        chart = new CategoryChartBuilder().width(640).height(320)
                .title(DemoMark.title("Dead latents over " + images + " indexed images", demo))
                .xAxisTitle("layer").yAxisTitle("share of the SAE's latents").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.#%");
        chart.addSeries("dead", layers.stream().map(d -> d.layer() + " (" + d.dead().length + ")").toList(),
                layers.stream().map(DeadLatents::share).toList()).setFillColor(ChartStyle.NEGATIVE);
        if (demo) {
            DemoMark.watermark(chart);
        }
    }

    public static DeadLatentsChart of(List<DeadLatents> layers, boolean demo) {
        return new DeadLatentsChart(List.copyOf(layers), demo);
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }
}
