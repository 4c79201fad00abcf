package dev.scope.views;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How a latent's value is spread over all images of a folder: equal-width bins from the smallest to the largest
 * value, drawn as a filled step outline on a numeric axis (bin edges where they really are).
 */
public final class ActivationHistogram implements ChartView {

    private final double[] edges;
    private final int[] counts;
    private final XYChart chart;

    private ActivationHistogram(Builder b) {
        float[] values = b.values;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min == max) { // one value only: one bin around it
            min -= 0.5;
            max += 0.5;
        }
        int bins = b.bins;
        edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + (max - min) * i / bins;
        }
        counts = new int[bins];
        for (float v : values) {
            int bin = (int) ((v - min) / (max - min) * bins);
            counts[Math.min(bins - 1, Math.max(0, bin))]++;
        }

        String title = b.title.isEmpty() ? b.valueLabel + " over " + values.length + " images" : b.title;
        chart = new XYChartBuilder().width(b.width).height(b.height).title(DemoMark.title(title, b.demo))
                .xAxisTitle(b.valueLabel).yAxisTitle("images").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setCursorEnabled(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        // XChart puts ticks at min + i·span/n for an odd span: round the axis ends out to a nice step instead
        double step = niceStep((max - min) / 5);
        chart.getStyler().setXAxisMin(Math.floor(min / step) * step);
        chart.getStyler().setXAxisMax(Math.ceil(max / step) * step);

        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        x.add(edges[0]);
        y.add(0.0);
        for (int i = 0; i < bins; i++) {
            x.add(edges[i]);
            y.add((double) counts[i]);
            x.add(edges[i + 1]);
            y.add((double) counts[i]);
        }
        x.add(edges[bins]);
        y.add(0.0);
        XYSeries series = chart.addSeries("images", x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ChartStyle.POSITIVE);
        series.setFillColor(new java.awt.Color(0x0072B2 | 0x99000000, true));
        series.setLineWidth(1.2f);
        if (b.demo) {
            DemoMark.watermark(chart);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    public static Builder builder(float[] values) {
        return new Builder(values);
    }

    @Override
    public XYChart chart() {
        return chart;
    }

    /** The {@code bins + 1} bin edges; the last bin includes its right edge. */
    public double[] binEdges() {
        return edges.clone();
    }

    public int[] counts() {
        return counts.clone();
    }

    public static final class Builder extends ChartBuilder<Builder, ActivationHistogram> {
        private final float[] values;
        private int bins = 30;
        private String title = "";
        private String valueLabel = "activation";

        private Builder(float[] values) {
            super(ActivationHistogram::new, 640, 340);
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("There are no values to count; pass one value per image.");
            }
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException("Value " + i + " is " + values[i]
                            + "; every value must be a finite number.");
                }
            }
            this.values = values.clone();
        }

        public Builder bins(int bins) {
            if (bins < 1 || bins > 1000) {
                throw new IllegalArgumentException(bins + " bins is out of range; pass from 1 to 1000 bins.");
            }
            this.bins = bins;
            return this;
        }

        public Builder title(String title) {
            this.title = title == null ? "" : title;
            return this;
        }

        /** What the values are, for the x axis, e.g. "CLS value of latent 4242"; "activation" by default. */
        public Builder valueLabel(String valueLabel) {
            this.valueLabel = valueLabel == null || valueLabel.isBlank() ? "activation" : valueLabel;
            return this;
        }
    }
}
