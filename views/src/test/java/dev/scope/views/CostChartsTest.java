package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.SubstitutionCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.Table;

class CostChartsTest {

    static final Costs COSTS = new Costs(new TreeMap<>(Map.of(
            2, new SubstitutionCost(2, 24, 0.05, 0.5, 0.9, 0.25, 0.98, 0.2),
            22, new SubstitutionCost(22, 24, 0.4, 0.8, 0.5, 0.0, 0.7, -0.1))), 24, 1000, SaeInput.BATCH, false, List.of());

    private static List<Object> ys(CategoryChart chart, String series) {
        List<Object> out = new ArrayList<>();
        chart.getSeriesMap().get(series).getYData().forEach(out::add);
        return out;
    }

    @Test
    void eachFigureIsDrawnBesideTheZeroedLayer() {
        CostCharts views = CostCharts.builder(COSTS).build();
        CategoryChart kl = (CategoryChart) views.kl().chart();
        assertEquals(List.of(0.05, 0.4), ys(kl, CostCharts.SPLICED));
        assertEquals(List.of(0.5, 0.8), ys(kl, CostCharts.ZEROED));
        assertTrue(kl.getTitle().endsWith("· batch-standardised inputs"), kl.getTitle());
        CategoryChart share = (CategoryChart) views.shareRecovered().chart();
        assertEquals(0.9, (Double) ys(share, CostCharts.SPLICED).get(0), 1e-12);
        assertEquals(0.5, (Double) ys(share, CostCharts.SPLICED).get(1), 1e-12);
        assertEquals(List.of(0.9, 0.5), ys((CategoryChart) views.agreement().chart(), CostCharts.SPLICED));
        assertEquals(List.of(0.2, -0.1), ys((CategoryChart) views.cosine().chart(), CostCharts.ZEROED));
    }

    @Test
    void theTablesHoldTheFiguresAndTheirDefinitions() {
        CostCharts views = CostCharts.builder(COSTS).build();
        Table table = views.table().table();
        assertEquals(List.of(2, 22), table.intColumn("layer").asList());
        assertEquals(0.9, table.doubleColumn("share recovered").get(0), 1e-12);
        assertEquals(List.of(0.25, 0.0), table.doubleColumn("top-1 agreement (layer zeroed)").asList());
        assertTrue(views.table().caption().contains("24 images, 1000 prompts; SAE inputs batch: standardised"),
                views.table().caption());
        assertEquals(SubstitutionCost.DEFINITIONS.size(), views.definitions().table().rowCount());
        assertTrue(views.definitions().toText().contains("ViT-Prisma"), views.definitions().toText());
    }

    @Test
    void chartsRenderAndNothingMeasuredIsOneSentence() {
        CostCharts views = CostCharts.builder(COSTS).size(400, 300).demo(true).build();
        for (ChartView chart : List.of(views.kl(), views.shareRecovered(), views.agreement(), views.cosine())) {
            Pixels.assertDrawn(chart.toPng(), 800, 600, 0.05);
            assertTrue(chart.chart().getTitle().startsWith(DemoMark.TEXT), chart.chart().getTitle());
        }
        Pixels.assertDrawn(views.overview().toPng(), 2 * 800 + 3 * 12, 2 * 600 + 3 * 12, 0.05);
        assertEquals("There are no measured layers; pass the cost of at least one.",
                assertThrows(IllegalArgumentException.class, () -> CostCharts.builder(new Costs(new TreeMap<>(), 0, 5,
                        SaeInput.RAW, false, List.of()))).getMessage());
    }
}
