package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;

class LatentStemPlotTest {

    private static List<Double> doubles(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    @Test
    void stemsStandAtTheActiveIdsOnTheWholeAxis() {
        var active = new ActiveLatents(new int[] {5, 60_000, 123}, new float[] {2f, 1f, -0.5f});
        var view = LatentStemPlot.builder(active, 65_536).context(TokenContext.cls(2)).build();
        var series = view.chart().getSeriesMap();
        XYSeries tips = series.get("positive tips");
        assertEquals(List.of(5.0, 60_000.0), doubles(tips.getXData()));
        assertEquals(List.of(2.0, 1.0), doubles(tips.getYData()));
        XYSeries negativeTips = series.get("negative tips");
        assertEquals(List.of(123.0), doubles(negativeTips.getXData()));
        assertEquals(List.of(-0.5), doubles(negativeTips.getYData()));
        // each stem: (id, 0) → (id, value), then a gap
        XYSeries stems = series.get("positive stems");
        assertEquals(List.of(5.0, 5.0, 5.0, 60_000.0, 60_000.0, 60_000.0), doubles(stems.getXData()));
        double[] y = stems.getYData();
        assertEquals(0.0, y[0]);
        assertEquals(2.0, y[1]);
        assertTrue(Double.isNaN(y[2]), "a gap between stems: " + Arrays.toString(y));
        assertEquals(0.0, view.chart().getStyler().getXAxisMin());
        assertEquals(65_535.0, view.chart().getStyler().getXAxisMax());
        assertEquals("Layer 2 · CLS · 3 of 65,536 latents active", view.chart().getTitle());
    }

    @Test
    void renders() {
        var active = Synthetic.latents(new java.util.Random(1), 32, 65_536, true);
        Pixels.assertDrawn(LatentStemPlot.builder(active, 65_536).size(500, 300).build().toPng(), 1000, 600, 0.02);
    }

    @Test
    void anIdOutsideTheDictionaryIsAClearError() {
        var active = new ActiveLatents(new int[] {512}, new float[] {1f});
        var e = assertThrows(IllegalArgumentException.class, () -> LatentStemPlot.builder(active, 512).build());
        assertEquals("Latent id 512 is not below the dictionary size 512; pass the SAE's number of latents "
                + "(65536 for the CLIP ViT-L scope).", e.getMessage());
    }
}
