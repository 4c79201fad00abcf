package dev.scope.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The prompts an intervention raised most and lowered most: the {@code n} largest and the {@code n}
 * smallest changes of a per-prompt score (such as a relative logit change), largest first, raised in one colour and
 * lowered in another.
 *
 * <pre>
 * var view = PromptShiftChart.builder(prompts, explanation.relativeChange()).each(8).title("Latent 4242 at layer 22").build();
 * </pre>
 */
public final class PromptShiftChart implements ChartView {

    static final String RAISED = "raised";
    static final String LOWERED = "lowered";

    private final CategoryChart chart;
    private final List<String> shown;

    private PromptShiftChart(Builder b) {
        int count = b.prompts.size();
        if (count == 0) {
            throw new IllegalArgumentException("There are no prompts to plot; pass at least one.");
        }
        List<Integer> byChange = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -b.changes[i])).toList();
        List<Integer> picked = new ArrayList<>(byChange.subList(0, Math.min(b.each, count)));
        for (int i : byChange.subList(Math.max(picked.size(), count - b.each), count)) {
            picked.add(i);
        }
        List<String> labels = new ArrayList<>();
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        for (int i : picked) {
            labels.add(LabelBars.shortLabel(b.prompts.get(i)));
            up.add(b.changes[i] >= 0 ? (double) b.changes[i] : null);
            down.add(b.changes[i] < 0 ? (double) b.changes[i] : null);
        }
        this.shown = List.copyOf(labels);
        this.chart = new CategoryChartBuilder().width(b.width).height(b.height)
                .title(DemoMark.title(b.title, b.demo)).yAxisTitle(b.axis).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.75);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 5 ? 40 : 0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        boolean raised = up.stream().anyMatch(v -> v != null);
        boolean lowered = down.stream().anyMatch(v -> v != null);
        if (raised || !lowered) {
            chart.addSeries(RAISED, labels, up).setFillColor(ChartStyle.POSITIVE);
        }
        if (lowered) {
            chart.addSeries(LOWERED, labels, down).setFillColor(ChartStyle.NEGATIVE);
        }
        chart.getStyler().setLegendVisible(raised && lowered);
        if (b.demo) {
            DemoMark.watermark(chart);
        }
    }

    public static Builder builder(List<String> prompts, float[] changes) {
        return new Builder(prompts, changes);
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }

    /** The bar labels in plotting order: the most raised first, the most lowered last. */
    public List<String> labels() {
        return shown;
    }

    public static final class Builder {
        private final List<String> prompts;
        private final float[] changes;
        private int each = 8;
        private String title = "Prompts raised and lowered";
        private String axis = "logit change";
        private int width = 800;
        private int height = 420;
        private boolean demo;

        private Builder(List<String> prompts, float[] changes) {
            if (prompts == null || changes == null || prompts.size() != changes.length) {
                throw new IllegalArgumentException("Each prompt needs one change.");
            }
            this.prompts = List.copyOf(prompts);
            this.changes = changes.clone();
        }

        /** How many prompts to draw at each end. */
        public Builder each(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Show at least one prompt at each end, not " + n + ".");
            }
            this.each = n;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder axis(String axis) {
            this.axis = axis;
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

        public PromptShiftChart build() {
            return new PromptShiftChart(this);
        }
    }

    @Override
    public String toString() {
        return "PromptShiftChart(" + chart.getTitle() + ", " + shown + ")";
    }
}
