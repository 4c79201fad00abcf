package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopImagesTest {

    @Test
    void topIndicesPicksTheLargestValuesLargestFirst() {
        float[] values = {0.5f, 3f, 0f, 3f, -1f, 2f};
        assertArrayEquals(new int[] {1, 3, 5}, TopImagesGrid.topIndices(values, 3));
        assertArrayEquals(new int[] {1, 3, 5, 0, 2, 4}, TopImagesGrid.topIndices(values, 10));
    }

    private static List<TopImage> tops(int n, int gridSize) {
        BufferedImage crop = Synthetic.crop(gridSize * 14);
        List<TopImage> tops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float peak = 9 - i;
            tops.add(new TopImage("image_" + i + ".jpg", Synthetic.variant(crop, i),
                    PatchGrid.of(Synthetic.blob(gridSize, i % gridSize, 2, 1.5, peak)), peak));
        }
        return tops;
    }

    @Test
    void tilesShareOneColourScaleSoTheyCompare() {
        var grid = TopImagesGrid.builder(tops(9, 16)).build();
        assertEquals(new ColorScale(ColorMap.VIRIDIS, 0, 9), grid.colorScale());
        assertEquals(3, grid.columns());
        assertEquals(List.of(9f, 8f, 7f, 6f, 5f, 4f, 3f, 2f, 1f), grid.images().stream().map(TopImage::value).toList());
    }

    @Test
    void rendersAThreeByThreeGrid() {
        var grid = TopImagesGrid.builder(tops(9, 16)).title("Latent 1 · Layer 22 · top 9").tileSize(80).scale(1).build();
        // width: 10 + 3·80 + 2·8 + 12 + 12 + 44 + 10; height: 10 + 26 + 3·(80 + 16) + 2·8 + 10
        Pixels.assertDrawn(grid.toPng(), 10 + 240 + 16 + 12 + 12 + 44 + 10, 10 + 26 + 288 + 16 + 10, 0.4);
    }

    @Test
    void columnsAreConfigurableAndCappedByTheImageCount() {
        var grid = TopImagesGrid.builder(tops(4, 7)).columns(4).tileSize(60).scale(1).demo(true).build();
        // width: 10 + 4·60 + 3·8 + 12 + 12 + 44 + 10; height: banner 22 + 10 + 60 + 16 + 10
        Pixels.assertDrawn(grid.toPng(), 10 + 240 + 24 + 12 + 12 + 44 + 10, 22 + 10 + 76 + 10, 0.4);
        assertEquals(2, TopImagesGrid.builder(tops(2, 7)).columns(5).build().columns());
    }

    @Test
    void histogramCountsEveryImageOnce() {
        float[] values = {0, 0, 0, 1, 2, 2.5f, 4, 4};
        var histogram = ActivationHistogram.builder(values).bins(4).build();
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, histogram.binEdges());
        assertArrayEquals(new int[] {3, 1, 2, 2}, histogram.counts()); // 4 falls in the last bin
        assertEquals("activation over 8 images", histogram.chart().getTitle());
        Pixels.assertDrawn(histogram.toPng(), 1280, 680, 0.03);
    }

    @Test
    void histogramOfOneRepeatedValueHasOneBinAroundIt() {
        var histogram = ActivationHistogram.builder(new float[] {2, 2, 2}).bins(1).build();
        assertArrayEquals(new double[] {1.5, 2.5}, histogram.binEdges());
        assertArrayEquals(new int[] {3}, histogram.counts());
    }

    @Test
    void badInputIsAClearError() {
        assertEquals("There are no top images to show; pass at least one TopImage.",
                assertThrows(IllegalArgumentException.class, () -> TopImagesGrid.builder(List.of())).getMessage());
        assertEquals("Value 1 is NaN; every value must be a finite number.",
                assertThrows(IllegalArgumentException.class,
                        () -> ActivationHistogram.builder(new float[] {1, Float.NaN})).getMessage());
    }
}
