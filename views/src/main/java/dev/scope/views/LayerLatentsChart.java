package dev.scope.views;

import dev.scope.index.ImageLatent;
import dev.scope.index.PatchLatent;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latents per layer, one bar chart per layer stacked top to bottom: an image's strongest latents
 * ({@link #ofImage}) or the latents kept on one token at several layers ({@link #ofToken}, "which latents fire
 * on this patch at layers 17, 20 and 22"). Bars are in the order given (largest first).
 */
public final class LayerLatentsChart implements View {

    private final List<CategoryChart> charts = new ArrayList<>();

    private LayerLatentsChart(Map<Integer, List<int[]>> ids, Map<Integer, List<Float>> values, String title,
                              String valueLabel, boolean demo) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("There are no latents to draw; pass at least one layer's latents.");
        }
        for (int layer : ids.keySet()) {
            CategoryChart chart = new CategoryChartBuilder().width(720).height(240)
                    .title(DemoMark.title(title + " · Layer " + layer, demo)).xAxisTitle("latent id")
                    .yAxisTitle(valueLabel).build();
            ChartStyle.apply(chart.getStyler());
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setAvailableSpaceFill(0.7);
            List<String> labels = new ArrayList<>();
            for (int[] id : ids.get(layer)) {
                labels.add(Integer.toString(id[0]));
            }
            chart.getStyler().setXAxisLabelRotation(labels.size() > 12 ? 90 : 0);
            List<Double> v = values.get(layer).stream().map(Float::doubleValue).toList();
            chart.addSeries("value", labels, v).setFillColor(ChartStyle.POSITIVE);
            if (demo) {
                DemoMark.watermark(chart);
            }
            charts.add(chart);
        }
    }

    /** An image's strongest latents per layer, by the larger of its CLS and patch value. */
    public static LayerLatentsChart ofImage(List<ImageLatent> latents, String image, boolean demo) {
        Map<Integer, List<int[]>> ids = new TreeMap<>();
        Map<Integer, List<Float>> values = new TreeMap<>();
        for (ImageLatent l : latents) {
            ids.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(new int[] {l.latent()});
            values.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(l.strength());
        }
        return new LayerLatentsChart(ids, values, image + " · strongest latents", "max(CLS, patch)", demo);
    }

    /** The latents kept on one token, per layer, with their values there. */
    public static LayerLatentsChart ofToken(List<PatchLatent> latents, String where, boolean demo) {
        Map<Integer, List<int[]>> ids = new TreeMap<>();
        Map<Integer, List<Float>> values = new TreeMap<>();
        for (PatchLatent l : latents) {
            ids.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(new int[] {l.latent()});
            values.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(l.value());
        }
        return new LayerLatentsChart(ids, values, where, "value", demo);
    }

    public List<CategoryChart> charts() {
        return List.copyOf(charts);
    }

    @Override
    public BufferedImage toImage() {
        int width = charts.get(0).getWidth();
        int height = charts.stream().mapToInt(CategoryChart::getHeight).sum();
        return dev.scope.kernel.ext.Pictures.draw(width, height, Png.DEFAULT_SCALE, (Graphics2D g) -> {
            int y = 0;
            for (CategoryChart chart : charts) {
                Graphics2D part = (Graphics2D) g.create(0, y, width, chart.getHeight());
                chart.paint(part, width, chart.getHeight());
                part.dispose();
                y += chart.getHeight();
            }
        });
    }
}
