package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategorySeries;

class ActiveLatentsChartTest {

    private static final int[] IDS = {100, 65_535, 7, 4242, 12};
    private static final float[] VALUES = {1.5f, -0.25f, 3f, 0.75f, -2f};

    private static List<Object> xs(CategorySeries series) {
        List<Object> out = new ArrayList<>();
        series.getXData().forEach(out::add);
        return out;
    }

    private static List<Number> ys(CategorySeries series) {
        List<Number> out = new ArrayList<>();
        series.getYData().forEach(out::add);
        return out;
    }

    @Test
    void barsAreSortedByValueDescendingAndCarryTheirIds() {
        var view = ActiveLatentsChart.builder(IDS, VALUES).context(TokenContext.cls(22)).build();
        assertArrayEquals(new int[] {7, 100, 4242, 65_535, 12}, view.ids());
        assertArrayEquals(new float[] {3f, 1.5f, 0.75f, -0.25f, -2f}, view.values());

        var series = view.chart().getSeriesMap();
        CategorySeries positive = series.get(ActiveLatentsChart.POSITIVE_SERIES);
        CategorySeries negative = series.get(ActiveLatentsChart.NEGATIVE_SERIES);
        assertEquals(List.of("7", "100", "4242", "65535", "12"), xs(positive));
        assertEquals(xs(positive), xs(negative));
        List<Number> up = ys(positive);
        List<Number> down = ys(negative);
        assertEquals(3.0, up.get(0).doubleValue());
        assertEquals(1.5, up.get(1).doubleValue());
        assertEquals(0.75, up.get(2).doubleValue());
        assertNull(up.get(3));
        assertNull(up.get(4));
        assertNull(down.get(0));
        assertEquals(-0.25, down.get(3).doubleValue());
        assertEquals(-2.0, down.get(4).doubleValue());
        assertEquals("Layer 22 · CLS · top 5 latents", view.chart().getTitle());
    }

    @Test
    void allPositiveValuesMakeOneSeriesAndNoLegend() {
        var view = ActiveLatentsChart.builder(new int[] {1, 2}, new float[] {2f, 1f}).build();
        assertEquals(1, view.chart().getSeriesMap().size());
        assertFalse(view.chart().getStyler().isLegendVisible());
        assertEquals("top 2 latents", view.chart().getTitle());
    }

    @Test
    void rendersAtTwiceTheChartSize() {
        var view = ActiveLatentsChart.builder(IDS, VALUES).size(400, 300).build();
        Pixels.assertDrawn(view.toPng(), 800, 600, 0.03);
        Pixels.assertDrawn(Png.toPng(view.chart(), 1), 400, 300, 0.03);
    }

    @Test
    void demoIsInTheTitleAndDrawn() {
        var plain = ActiveLatentsChart.builder(IDS, VALUES).size(400, 300).build();
        var demo = ActiveLatentsChart.builder(IDS, VALUES).size(400, 300).demo(true).build();
        assertTrue(demo.chart().getTitle().startsWith(DemoMark.TEXT), demo.chart().getTitle());
        int more = Pixels.differing(demo.toImage(), java.awt.Color.WHITE)
                - Pixels.differing(plain.toImage(), java.awt.Color.WHITE);
        assertTrue(more > 2_000, "the watermark and longer title add only " + more + " pixels");
        assertNotEquals(plain.chart().getTitle(), demo.chart().getTitle());
    }

    @Test
    void noLatentsIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ActiveLatentsChart.builder(new int[0], new float[0]).build());
        assertEquals("There are no active latents to plot; pass at least one id and value.", e.getMessage());
    }
}
