package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scope.engine.sae.ReconstructionMetrics;
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

    private static final SortedMap<Integer, ReconstructionMetrics> MEASURED = new TreeMap<>(Map.of(
            22, new ReconstructionMetrics(310.5, 0.67, 32, 0.93, 0.07),
            2, new ReconstructionMetrics(270.25, 0.75, 31.5, 0.88, 0.12),
            3, new ReconstructionMetrics(280, 0.74, 32, 0.9, 0.1))); // no card figures for layer 3

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
        List<Object> card = ys(mse, ModelCard.LEGEND);
        assertEquals(267.95, card.get(0));
        assertNull(card.get(1), "the card has no layer 3");
        assertEquals(299.96, card.get(2));
        assertFalse(mse.getStyler().isOverlapped());

        CategoryChart ev = (CategoryChart) views.explainedVariance().chart();
        assertEquals(List.of(0.75, 0.74, 0.67), ys(ev, LayerMetricsCharts.MEASURED));
        assertEquals(0.763, ys(ev, ModelCard.LEGEND).get(0));
        assertTrue(ModelCard.LEGEND.contains("batch-standardised"), "the card's caveat is in the legend");
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
        assertTrue(view.caption().contains(ModelCard.NOTE), view.caption());
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
                        5, new ReconstructionMetrics(1, 0.5, 32, 1.5, 0))))).getMessage());
        assertEquals("Layer 5 has a figure of NaN; pass finite numbers.",
                assertThrows(IllegalArgumentException.class, () -> LayerMetricsCharts.builder(new TreeMap<>(Map.of(
                        5, new ReconstructionMetrics(1, Double.NaN, 32, 1, 0))))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerMetricsCharts.builder(new TreeMap<>()));
    }
}
