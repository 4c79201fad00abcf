package dev.scope.views;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * All latent ids on one axis (0 to nFeatures − 1) with a stem at every active one: shows how few of the
 * dictionary a token uses and whether the active ids cluster. Stems are one line series with gaps (a
 * {@code null} y between stems breaks XChart's line), markers sit at the stem tips.
 */
public final class LatentStemPlot implements ChartView {

    private final XYChart chart;
    private final ActiveLatents latents;
    private final int nFeatures;

    private LatentStemPlot(Builder b) {
        this.latents = b.latents;
        this.nFeatures = b.nFeatures;
        if (latents.maxId() >= nFeatures) {
            throw new IllegalArgumentException("Latent id " + latents.maxId() + " is not below the dictionary size "
                    + nFeatures + "; pass the SAE's number of latents (65536 for the CLIP ViT-L scope).");
        }
        String title = (b.context == null ? "" : b.context.describe() + " · ") + latents.count() + " of "
                + String.format(java.util.Locale.ROOT, "%,d", nFeatures) + " latents active";
        chart = new XYChartBuilder().width(b.width).height(b.height).title(DemoMark.title(title, b.demo))
                .xAxisTitle("latent id").yAxisTitle("value").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) nFeatures - 1);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setCursorEnabled(false);

        addStems("positive stems", "positive tips", v -> v >= 0, ChartStyle.POSITIVE);
        addStems("negative stems", "negative tips", v -> v < 0, ChartStyle.NEGATIVE);
        // a zero line, so that stems visibly start somewhere
        XYSeries zero = chart.addSeries("zero", new double[] {0, nFeatures - 1}, new double[] {0, 0});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(new java.awt.Color(0x999999));
        zero.setLineWidth(0.8f);
        if (b.demo) {
            DemoMark.watermark(chart);
        }
    }

    private void addStems(String stemName, String tipName, java.util.function.DoublePredicate keep,
            java.awt.Color color) {
        int[] ids = latents.ids();
        float[] values = latents.values();
        List<Double> stemX = new ArrayList<>();
        List<Double> stemY = new ArrayList<>();
        List<Double> tipX = new ArrayList<>();
        List<Double> tipY = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (!keep.test(values[i])) {
                continue;
            }
            stemX.add((double) ids[i]);
            stemY.add(0.0);
            stemX.add((double) ids[i]);
            stemY.add((double) values[i]);
            stemX.add((double) ids[i]);
            stemY.add(null);
            tipX.add((double) ids[i]);
            tipY.add((double) values[i]);
        }
        if (tipX.isEmpty()) {
            return;
        }
        XYSeries stems = chart.addSeries(stemName, stemX, stemY);
        stems.setMarker(SeriesMarkers.NONE);
        stems.setLineColor(color);
        stems.setLineWidth(1.2f);
        XYSeries tips = chart.addSeries(tipName, tipX, tipY);
        tips.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        tips.setMarker(SeriesMarkers.CIRCLE);
        tips.setMarkerColor(color);
    }

    public static Builder builder(ActiveLatents latents, int nFeatures) {
        return new Builder(latents, nFeatures);
    }

    @Override
    public XYChart chart() {
        return chart;
    }

    public ActiveLatents latents() {
        return latents;
    }

    public int nFeatures() {
        return nFeatures;
    }

    public static final class Builder extends ChartBuilder<Builder, LatentStemPlot> {
        private final ActiveLatents latents;
        private final int nFeatures;
        private TokenContext context;

        private Builder(ActiveLatents latents, int nFeatures) {
            super(LatentStemPlot::new, 800, 360);
            if (latents == null) {
                throw new IllegalArgumentException("The active latents are missing; pass an ActiveLatents.");
            }
            if (nFeatures < 1) {
                throw new IllegalArgumentException("A dictionary of " + nFeatures
                        + " latents is empty; pass the SAE's number of latents (65536 for the CLIP ViT-L scope).");
            }
            this.latents = latents;
            this.nFeatures = nFeatures;
        }

        public Builder context(TokenContext context) {
            this.context = context;
            return this;
        }
    }
}
