package dev.scope.views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Bar chart of one token's active latents, sorted by value (largest first), one bar per latent id. Negative
 * values (clipscope's top-k has no ReLU) are drawn in a second colour.
 *
 * <pre>
 * var view = ActiveLatentsChart.builder(active).context(TokenContext.cls(22)).build();
 * byte[] png = view.toPng();           // 2× pixel density
 * CategoryChart chart = view.chart();  // or render / restyle it yourself
 * </pre>
 */
public final class ActiveLatentsChart implements ChartView {

    static final String POSITIVE_SERIES = "value ≥ 0";
    static final String NEGATIVE_SERIES = "value < 0";

    private final ActiveLatents sorted;
    private final CategoryChart chart;

    private ActiveLatentsChart(Builder builder) {
        this.sorted = builder.latents.sortedByValue();
        String title = (builder.context == null ? "" : builder.context.describe() + " · ")
                + "top " + sorted.count() + " latents";
        this.chart = new CategoryChartBuilder().width(builder.width).height(builder.height)
                .title(DemoMark.title(title, builder.demo)).xAxisTitle("latent id").yAxisTitle("value").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setOverlapped(true); // the two series share x positions: each id has one non-null bar
        chart.getStyler().setXAxisLabelRotation(sorted.count() > 12 ? 90 : 0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);

        List<String> labels = new ArrayList<>();
        List<Double> positive = new ArrayList<>();
        List<Double> negative = new ArrayList<>();
        float[] values = sorted.values();
        for (int i = 0; i < values.length; i++) {
            labels.add(Integer.toString(sorted.ids()[i]));
            positive.add(values[i] >= 0 ? (double) values[i] : null);
            negative.add(values[i] < 0 ? (double) values[i] : null);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("There are no active latents to plot; pass at least one id and value.");
        }
        chart.addSeries(POSITIVE_SERIES, labels, positive).setFillColor(ChartStyle.POSITIVE);
        if (negative.stream().anyMatch(v -> v != null)) {
            chart.addSeries(NEGATIVE_SERIES, labels, negative).setFillColor(ChartStyle.NEGATIVE);
        } else {
            chart.getStyler().setLegendVisible(false);
        }
        if (builder.demo) {
            DemoMark.watermark(chart);
        }
    }

    public static Builder builder(ActiveLatents latents) {
        return new Builder(latents);
    }

    /** Shorthand for {@code builder(new ActiveLatents(ids, values))}. */
    public static Builder builder(int[] ids, float[] values) {
        return new Builder(new ActiveLatents(ids, values));
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }

    /** The latent ids in plotting order (descending by value). */
    public int[] ids() {
        return sorted.ids();
    }

    /** The values in plotting order. */
    public float[] values() {
        return sorted.values();
    }

    public static final class Builder extends ChartBuilder<Builder, ActiveLatentsChart> {
        private final ActiveLatents latents;
        private TokenContext context;

        private Builder(ActiveLatents latents) {
            super(ActiveLatentsChart::new, 800, 420);
            if (latents == null) {
                throw new IllegalArgumentException("The active latents are missing; pass an ActiveLatents.");
            }
            this.latents = latents;
        }

        /** The layer and token, shown in the title: "Layer 22 · CLS · top 32 latents". */
        public Builder context(TokenContext context) {
            this.context = context;
            return this;
        }
    }

    @Override
    public String toString() {
        return "ActiveLatentsChart(" + chart.getTitle() + ", ids " + Arrays.toString(ids()) + ")";
    }
}
