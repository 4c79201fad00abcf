package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.TrainingCounters;
import dev.scope.engine.scan.Metrics;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import tech.tablesaw.api.Table;

class LayerMetricsChartsTest {

    /** Figures with the new ones derived, 100 latents. */
    static ReconstructionMetrics figures(double mse, double ev, double l0, double fired, double nmse) {
        double never = Math.round((1 - fired) * 100) / 100.0; // 1 − 0.9 is 0.09999999999999998 in binary
        return new ReconstructionMetrics(mse, ev, l0, fired, never, ev - 0.01, nmse, (int) Math.round(100 * (1 - fired)),
                100, 1285);
    }

    private static final SortedMap<Integer, ReconstructionMetrics> MEASURED = new TreeMap<>(Map.of(
            22, figures(310.5, 0.67, 32, 0.93, 0.3),
            2, figures(270.25, 0.75, 31.5, 0.88, 0.2),
            3, figures(280, 0.74, 32, 0.9, 0.25))); // no card figures for layer 3

    private static List<Object> ys(CategoryChart chart, String series) {
        CategorySeries s = chart.getSeriesMap().get(series);
        List<Object> out = new ArrayList<>();
        s.getYData().forEach(out::add);
        return out;
    }

    private static List<Object> xs(CategoryChart chart, String series) {
        List<Object> out = new ArrayList<>();
        chart.getSeriesMap().get(series).getXData().forEach(out::add);
        return out;
    }

    @Test
    void theModelCardFiguresAreInOnePlace() {
        assertEquals(List.of(2, 5, 8, 11, 14, 17, 20, 22), ModelCard.FIGURES.stream().map(ModelCard.Figures::layer).toList());
        assertEquals(new ModelCard.Figures(22, 299.96, 0.684), ModelCard.forLayer(22).orElseThrow());
        assertEquals(new ModelCard.Figures(2, 267.95, 0.763), ModelCard.forLayer(2).orElseThrow());
        assertEquals(321.23, ModelCard.forLayer(11).orElseThrow().mse());
        assertTrue(ModelCard.forLayer(3).isEmpty());
    }

    @Test
    void mseAndExplainedVarianceAreGroupedBarsMeasuredBesideTheCard() {
        var views = LayerMetricsCharts.builder(MEASURED).build();
        assertEquals(List.of(2, 3, 22), views.layers());
        CategoryChart mse = (CategoryChart) views.mse().chart();
        assertEquals(List.of("2", "3", "22"), xs(mse, LayerMetricsCharts.MEASURED));
        assertEquals(List.of(270.25, 280.0, 310.5), ys(mse, LayerMetricsCharts.MEASURED));
        List<Object> card = ys(mse, LayerMetricsCharts.CARD_LEGEND);
        assertEquals(267.95, card.get(0));
        assertNull(card.get(1), "the card has no layer 3");
        assertEquals(299.96, card.get(2));
        assertFalse(mse.getStyler().isOverlapped());

        CategoryChart ev = (CategoryChart) views.explainedVariance().chart();
        assertEquals(List.of(0.75, 0.74, 0.67), ys(ev, LayerMetricsCharts.MEASURED));
        assertEquals(0.763, ys(ev, LayerMetricsCharts.CARD_LEGEND).get(0));
        assertTrue(LayerMetricsCharts.CARD_LEGEND.contains("batch-standardised"), "the card's space is in the legend");
        assertTrue(mse.getTitle().endsWith("· raw inputs"), mse.getTitle());
    }

    @Test
    void l0AndLatentActivityCharts() {
        var views = LayerMetricsCharts.builder(MEASURED).build();
        CategoryChart l0 = (CategoryChart) views.l0().chart();
        assertEquals(List.of(31.5, 32.0, 32.0), ys(l0, LayerMetricsCharts.MEASURED));
        CategoryChart activity = (CategoryChart) views.latentActivity().chart();
        assertEquals(List.of(0.88, 0.9, 0.93), ys(activity, LayerMetricsCharts.FIRED));
        assertEquals(List.of(0.12, 0.1, 0.07), ys(activity, LayerMetricsCharts.NEVER_FIRED));
    }

    @Test
    void theTableHoldsTheSameNumbers() {
        TableView view = LayerMetricsCharts.builder(MEASURED).build().table();
        Table table = view.table();
        assertEquals(List.of(2, 3, 22), table.intColumn("layer").asList());
        assertEquals(List.of(270.25, 280.0, 310.5), table.doubleColumn("MSE").asList());
        assertEquals(267.95, table.doubleColumn("MSE (card)").get(0));
        assertTrue(table.doubleColumn("MSE (card)").isMissing(1));
        assertEquals(0.684, table.doubleColumn("explained variance (card)").get(2));
        assertEquals(List.of(31.5, 32.0, 32.0), table.doubleColumn("L0").asList());
        assertEquals(List.of(0.12, 0.1, 0.07), table.doubleColumn(LayerMetricsCharts.NEVER_FIRED).asList());
        assertTrue(view.caption().contains(ModelCard.comparability(SaeInput.Mode.RAW, 0)), view.caption());
        assertTrue(view.caption().contains("raw: the residual stream as it is"), view.caption());
        assertEquals(List.of(0.2, 0.25, 0.3), table.doubleColumn("normalised MSE").asList());
        assertEquals(List.of(12, 10, 7), table.intColumn("dead latents").asList());
        assertTrue(table.doubleColumn("dead in training").isMissing(0), "no counters were given");
        assertTrue(view.toHtml().contains(">267.95<"), view.toHtml());
        assertTrue(view.toText().contains("12.00%"), view.toText());
    }

    @Test
    void withoutCardFiguresOnlyTheMeasuredSeriesIsDrawn() {
        var views = LayerMetricsCharts.builder(MEASURED).card(List.of()).build();
        assertEquals(1, views.mse().chart().getSeriesMap().size());
    }

    @Test
    void chartsRenderAndDemoMarksThem() {
        var views = LayerMetricsCharts.builder(MEASURED).size(400, 300).demo(true).build();
        for (ChartView chart : List.of(views.mse(), views.explainedVariance(), views.l0(), views.latentActivity())) {
            Pixels.assertDrawn(chart.toPng(), 800, 600, 0.05);
            assertTrue(chart.chart().getTitle().startsWith(DemoMark.TEXT), chart.chart().getTitle());
        }
        assertTrue(views.table().toHtml().contains(DemoMark.TEXT));
        Pixels.assertDrawn(views.overview().toPng(), 2 * 800 + 3 * 12, 2 * 600 + 3 * 12, 0.05);
    }

    @Test
    void badMetricsAreClearErrors() {
        assertEquals("Layer 5 has a fraction of latents of 1.5; pass a fraction from 0 to 1.",
                assertThrows(IllegalArgumentException.class, () -> LayerMetricsCharts.builder(new TreeMap<>(Map.of(
                        5, figures(1, 0.5, 32, 1.5, 0.1))))).getMessage());
        assertEquals("Layer 5 has a figure of NaN; pass finite numbers.",
                assertThrows(IllegalArgumentException.class, () -> LayerMetricsCharts.builder(new TreeMap<>(Map.of(
                        5, figures(1, Double.NaN, 32, 1, 0.1))))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerMetricsCharts.builder(new TreeMap<>()));
    }

    @Test
    void theEnginesMetricsCarryTheirModeImagesAndTheCheckpointsCounters() {
        var counters = new TrainingCounters(OptionalLong.of(1_200_013_184L), OptionalLong.of(36_621),
                Optional.of(new float[] {0, 2e7f, 3e7f, 5}));
        Metrics metrics = new Metrics(MEASURED, 3 * 257, 3, SaeInput.BATCH, new TreeMap<>(Map.of(22, counters)));
        var views = LayerMetricsCharts.builder(metrics).build();
        assertTrue(views.mse().chart().getTitle().endsWith("· batch-standardised inputs"), views.mse().chart().getTitle());
        TableView table = views.table();
        assertEquals(2.0, table.table().doubleColumn("dead in training").get(2));
        assertEquals(1_200_013_184.0, table.table().doubleColumn("training tokens").get(2));
        assertTrue(table.table().doubleColumn("training tokens").isMissing(0));
        assertTrue(table.caption().contains("Only 3 images here, fewer than the card's batches of 128 (32,896 tokens):"
                + " the batch statistics are noisy."), table.caption());
        assertTrue(table.caption().contains("compare them directly"), table.caption());
        TableView definitions = views.definitions();
        assertEquals(ReconstructionMetrics.DEFINITIONS.size(), definitions.table().rowCount());
        assertTrue(definitions.toText().contains("(SAELens')"), definitions.toText());
        assertTrue(definitions.caption().contains("batch-standardised"), definitions.caption());
    }
}
