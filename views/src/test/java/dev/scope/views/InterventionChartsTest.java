package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategorySeries;

/** The label bars, the before/after latent chart and the prompt-shift chart: their data and their pixels. */
class InterventionChartsTest {

    private static final List<String> PROMPTS = List.of("a photo of a cat.", "a photo of a dog.",
            "a photo of a school bus.", "a drawing of a tree", "a photo of a tabby cat.");

    private static List<Number> ys(CategorySeries series) {
        List<Number> out = new ArrayList<>();
        series.getYData().forEach(out::add);
        return out;
    }

    @Test
    void labelBarsShowTheMostProbablePromptsFirstWithoutTheTemplate() {
        var view = LabelBars.builder(PROMPTS, new float[] {0.1f, 0.4f, 0.05f, 0.3f, 0.15f}).top(3).build();
        assertEquals(List.of("dog", "a drawing of a tree", "tabby cat"), view.labels());
        assertEquals(List.of(0.4, 0.3, 0.15), ys(view.chart().getSeriesMap().get("probability")).stream()
                .map(n -> Math.round(n.doubleValue() * 100) / 100.0).toList());
        assertEquals("Zero-shot labels · top 3 of 5", view.chart().getTitle());
        Pixels.assertDrawn(LabelBars.builder(PROMPTS, new float[] {0.1f, 0.4f, 0.05f, 0.3f, 0.15f}).size(400, 300)
                .build().toPng(), 800, 600, 0.03);
    }

    @Test
    void labelBarsBeforeAndAfterRankByEitherRun() {
        float[] before = {0.7f, 0.1f, 0.1f, 0.05f, 0.05f};
        float[] after = {0.1f, 0.1f, 0.6f, 0.1f, 0.1f};
        var view = LabelBars.builder(PROMPTS, before).after(after).top(2).demo(true).build();
        assertEquals(List.of("cat", "school bus"), view.labels());
        var series = view.chart().getSeriesMap();
        assertEquals(0.1f, ys(series.get(LabelBars.AFTER)).get(0).floatValue());
        assertEquals(0.1f, ys(series.get(LabelBars.BEFORE)).get(1).floatValue());
        assertTrue(view.chart().getTitle().startsWith(DemoMark.TEXT));
        Pixels.assertDrawn(view.toPng(), 1600, 840, 0.03);
        var e = assertThrows(IllegalArgumentException.class, () -> LabelBars.builder(PROMPTS, before).after(new float[2]));
        assertEquals("The probabilities after need one value per prompt, as before.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelBars.builder(List.of(), new float[0]).build());
        assertEquals("There are no labels to plot; pass at least one prompt.", e.getMessage());
    }

    @Test
    void latentShiftChartDrawsBothRunsPerLatent() {
        var view = LatentShiftChart.builder(new int[] {7, 300}, new float[] {2f, 0f}, new float[] {0f, 1.5f})
                .context(TokenContext.cls(5)).size(400, 300).build();
        var series = view.chart().getSeriesMap();
        assertEquals(List.of(2.0, 0.0), ys(series.get(LatentShiftChart.BEFORE)).stream().map(Number::doubleValue).toList());
        assertEquals(List.of(0.0, 1.5), ys(series.get(LatentShiftChart.AFTER)).stream().map(Number::doubleValue).toList());
        assertEquals("Layer 5 · CLS · latents that changed most", view.chart().getTitle());
        Pixels.assertDrawn(view.toPng(), 800, 600, 0.03);
        var none = LatentShiftChart.builder(new int[0], new float[0], new float[0]).size(400, 300).build();
        assertEquals("no latent changed", none.chart().getTitle());
        Pixels.assertDrawn(none.toPng(), 800, 600, 0.01);
    }

    @Test
    void promptShiftChartShowsBothEndsRaisedFirst() {
        float[] change = {1.5f, -0.5f, 3f, -2f, 0.2f};
        var view = PromptShiftChart.builder(PROMPTS, change).each(2).size(400, 300).build();
        assertEquals(List.of("school bus", "cat", "dog", "a drawing of a tree"), view.labels());
        var series = view.chart().getSeriesMap();
        List<Number> up = ys(series.get(PromptShiftChart.RAISED));
        List<Number> down = ys(series.get(PromptShiftChart.LOWERED));
        assertEquals(3.0, up.get(0).doubleValue());
        assertNull(up.get(3));
        assertEquals(-2.0, down.get(3).doubleValue());
        Pixels.assertDrawn(view.toPng(), 800, 600, 0.03);
        var all = PromptShiftChart.builder(PROMPTS, change).each(10).build();
        assertEquals(5, all.labels().size(), "each prompt once even when both ends overlap");
        var lowered = PromptShiftChart.builder(PROMPTS, new float[] {-1f, -2f, -3f, -4f, -5f}).each(2).build();
        assertEquals(java.util.Set.of(PromptShiftChart.LOWERED), lowered.chart().getSeriesMap().keySet(),
                "no empty 'raised' series when nothing was raised");
    }
}
