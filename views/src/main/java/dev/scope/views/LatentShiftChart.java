package dev.scope.views;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * How an intervention moved a token's latents at one layer: each latent's value in the clean run and in
 * the edited one, side by side, in the order given (the caller ranks them, largest change first).
 *
 * <pre>
 * var view = LatentShiftChart.builder(ids, before, after).context(TokenContext.cls(22)).build();
 * </pre>
 */
public final class LatentShiftChart implements ChartView {

    static final String BEFORE = "clean";
    static final String AFTER = "edited";

    private final CategoryChart chart;

    private LatentShiftChart(Builder b) {
        String title = (b.context == null ? "" : b.context.describe() + " · ")
                + (b.ids.length == 0 ? "no latent changed" : "latents that changed most");
        this.chart = new CategoryChartBuilder().width(b.width).height(b.height)
                .title(DemoMark.title(title, b.demo)).xAxisTitle("latent id").yAxisTitle("value").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.75);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(b.ids.length > 12 ? 90 : 0);
        List<String> labels = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (int i = 0; i < b.ids.length; i++) {
            labels.add(Integer.toString(b.ids[i]));
            before.add((double) b.before[i]);
            after.add((double) b.after[i]);
        }
        if (labels.isEmpty()) {
            // an unchanged token still draws: one empty slot says so in the title
            labels.add("—");
            before.add(0.0);
            after.add(0.0);
        }
        chart.addSeries(BEFORE, labels, before).setFillColor(ChartStyle.CARD);
        chart.addSeries(AFTER, labels, after).setFillColor(ChartStyle.NEGATIVE);
        if (b.demo) {
            DemoMark.watermark(chart);
        }
    }

    public static Builder builder(int[] ids, float[] before, float[] after) {
        return new Builder(ids, before, after);
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }

    public static final class Builder {
        private final int[] ids;
        private final float[] before;
        private final float[] after;
        private TokenContext context;
        private int width = 800;
        private int height = 380;
        private boolean demo;

        private Builder(int[] ids, float[] before, float[] after) {
            if (ids.length != before.length || ids.length != after.length) {
                throw new IllegalArgumentException("Each latent needs a value before and after.");
            }
            this.ids = ids.clone();
            this.before = before.clone();
            this.after = after.clone();
        }

        /** The layer and token, shown in the title. */
        public Builder context(TokenContext context) {
            this.context = context;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = Sizes.check("width", width);
            this.height = Sizes.check("height", height);
            return this;
        }

        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        public LatentShiftChart build() {
            return new LatentShiftChart(this);
        }
    }

    @Override
    public String toString() {
        return "LatentShiftChart(" + chart.getTitle() + ")";
    }
}
