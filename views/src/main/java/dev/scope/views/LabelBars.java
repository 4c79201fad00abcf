package dev.scope.views;

import dev.scope.engine.text.PromptSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Zero-shot label probabilities as bars, most probable first; with {@link Builder#after} the same prompts
 * before and after an intervention, side by side. Bars are labelled by the prompt without CLIP's
 * "a photo of a …." template.
 *
 * <pre>
 * var view = LabelBars.builder(prompts, probabilities).top(10).build();
 * var change = LabelBars.builder(prompts, before).after(after).top(8).build();
 * </pre>
 */
public final class LabelBars implements ChartView {

    static final String BEFORE = "before";
    static final String AFTER = "after";

    private final CategoryChart chart;
    private final List<String> shown;

    private LabelBars(Builder b) {
        int count = b.prompts.size();
        if (count == 0) {
            throw new IllegalArgumentException("There are no labels to plot; pass at least one prompt.");
        }
        float[] rank = b.after == null ? b.probabilities : max(b.probabilities, b.after);
        List<Integer> order = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -rank[i])).limit(b.top).toList();
        List<String> labels = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int i : order) {
            labels.add(shortLabel(b.prompts.get(i)));
            first.add((double) b.probabilities[i]);
            if (b.after != null) {
                second.add((double) b.after[i]);
            }
        }
        this.shown = List.copyOf(labels);
        String title = b.title != null ? b.title : "Zero-shot labels · top " + labels.size() + " of " + count;
        this.chart = new CategoryChartBuilder().width(b.width).height(b.height)
                .title(DemoMark.title(title, b.demo)).yAxisTitle("probability").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.75);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 5 ? 40 : 0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLegendVisible(b.after != null);
        if (b.after == null) {
            chart.addSeries("probability", labels, first).setFillColor(ChartStyle.POSITIVE);
        } else {
            chart.addSeries(BEFORE, labels, first).setFillColor(ChartStyle.CARD);
            chart.addSeries(AFTER, labels, second).setFillColor(ChartStyle.POSITIVE);
        }
        if (b.demo) {
            DemoMark.watermark(chart);
        }
    }

    /** "a photo of a tabby cat." → "tabby cat", cut to fit under a bar. */
    public static String shortLabel(String prompt) {
        String p = PromptSet.labelOf(prompt);
        return p.length() <= 28 ? p : p.substring(0, 27) + "…";
    }

    private static float[] max(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    public static Builder builder(List<String> prompts, float[] probabilities) {
        return new Builder(prompts, probabilities);
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }

    /** The bar labels in plotting order. */
    public List<String> labels() {
        return shown;
    }

    public static final class Builder {
        private final List<String> prompts;
        private final float[] probabilities;
        private float[] after;
        private int top = 10;
        private String title;
        private int width = 800;
        private int height = 420;
        private boolean demo;

        private Builder(List<String> prompts, float[] probabilities) {
            if (prompts == null || probabilities == null || prompts.size() != probabilities.length) {
                throw new IllegalArgumentException("Labels need one probability per prompt.");
            }
            this.prompts = List.copyOf(prompts);
            this.probabilities = probabilities.clone();
        }

        /** The same prompts' probabilities after an intervention, drawn beside the first. */
        public Builder after(float[] probabilities) {
            if (probabilities.length != prompts.size()) {
                throw new IllegalArgumentException("The probabilities after need one value per prompt, as before.");
            }
            this.after = probabilities.clone();
            return this;
        }

        /** How many prompts to draw: the most probable (before or after). */
        public Builder top(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Show at least one label, not " + n + ".");
            }
            this.top = n;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
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

        public LabelBars build() {
            return new LabelBars(this);
        }
    }

    @Override
    public String toString() {
        return "LabelBars(" + chart.getTitle() + ", " + shown + ")";
    }
}
