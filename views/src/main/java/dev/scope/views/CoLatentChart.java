package dev.scope.views;

import dev.scope.index.CoLatent;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The latents that fire with a latent most often ({@code ActivationIndex.cooccurring}): one bar per companion,
 * the share of the latent's images where the companion is active too.
 */
public final class CoLatentChart implements ChartView {

    private final CategoryChart chart;

    private CoLatentChart(List<CoLatent> companions, String title, int width, int height, boolean demo) {
        if (companions.isEmpty()) {
            throw new IllegalArgumentException("There are no co-occurring latents to draw; the latent fires alone or never.");
        }
        chart = new CategoryChartBuilder().width(width).height(height).title(DemoMark.title(title, demo))
                .xAxisTitle("latent id").yAxisTitle("share of its images").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.getStyler().setXAxisLabelRotation(companions.size() > 12 ? 90 : 0);
        List<String> ids = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (CoLatent c : companions) {
            ids.add(Integer.toString(c.latent()));
            shares.add(c.share());
        }
        chart.addSeries("share", ids, shares).setFillColor(ChartStyle.SECOND);
        if (demo) {
            DemoMark.watermark(chart);
        }
    }

    /** "Fires with latent 4242 · Layer 22" over its companions, 640 × 300 logical pixels. */
    public static CoLatentChart of(List<CoLatent> companions, int layer, int latent, boolean demo) {
        return of(companions, "Fires with latent " + latent + " · Layer " + layer, 640, 300, demo);
    }

    public static CoLatentChart of(List<CoLatent> companions, String title, int width, int height, boolean demo) {
        return new CoLatentChart(List.copyOf(companions), title, Sizes.check("width", width), Sizes.check("height", height),
                demo);
    }

    @Override
    public CategoryChart chart() {
        return chart;
    }
}
