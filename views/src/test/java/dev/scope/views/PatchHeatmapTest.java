package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchHeatmapTest {

    private static final BufferedImage CROP = Synthetic.crop(224);

    private static float[] tokens(int gridSize) {
        float[] values = new float[1 + gridSize * gridSize];
        values[0] = 3.21f; // CLS
        for (int i = 1; i < values.length; i++) {
            values[i] = (i * 37 % 101) / 10f;
        }
        return values;
    }

    @Test
    void theGridIsThePatchTokensInRowMajorOrder() {
        float[] tokens = tokens(16);
        var view = PatchHeatmap.builder(CROP, PatchGrid.fromTokens(tokens))
                .title(PatchHeatmap.title(4242, 22, tokens[0])).build();
        assertArrayEquals(Arrays.copyOfRange(tokens, 1, 257), view.grid().values());
        assertEquals(16, view.grid().size());
        assertEquals("Latent 4242 · Layer 22 · CLS 3.21", view.title());
        assertEquals(new ColorScale(ColorMap.VIRIDIS, 0, view.grid().max()), view.colorScale());
    }

    @Test
    void overlayPixelsAreTheScaleColourOfTheirPatch() {
        PatchGrid grid = PatchGrid.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        ColorScale scale = ColorScale.auto(grid.values());
        BufferedImage overlay = Overlay.render(CROP, grid, scale, Upsampling.NEAREST, 1.0, 32, 32);
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(scale.rgb(grid.get(row, col)), Pixels.rgb(overlay, col * 8 + 4, row * 8 + 4),
                        "patch " + row + ", " + col);
            }
        }
        BufferedImage half = Overlay.render(CROP, grid, scale, Upsampling.NEAREST, 0.5, 32, 32);
        assertNotEquals(Pixels.rgb(overlay, 4, 4), Pixels.rgb(half, 4, 4), "the photo shows through at opacity 0.5");
    }

    @Test
    void rendersWithTitleColourBarAndFooter() {
        var view = PatchHeatmap.builder(CROP, PatchGrid.fromTokens(tokens(16))).title("t").opacity(1).build();
        // (10 + 224 + 10 + 12 + 44 + 10) × (10 + 22 + 224 + 14 + 4 + 10), at 2×
        BufferedImage image = Pixels.assertDrawn(view.toPng(), 620, 568, 0.5);
        int best = view.grid().argmax();
        int x = (int) ((10 + (best % 16 + 0.5) * 14) * 2);
        int y = (int) ((32 + (best / 16 + 0.5) * 14) * 2);
        assertEquals(0xFDE725, Pixels.rgb(image, x, y), "the largest patch has the top viridis colour");
        int barX = (10 + 224 + 10 + 6) * 2;
        Pixels.assertClose(0xFDE725, Pixels.rgb(image, barX, 32 * 2 + 2), 8, "the colour bar starts at the top colour");
        Pixels.assertClose(0x440154, Pixels.rgb(image, barX, (32 + 224) * 2 - 3), 8, "and ends at the bottom colour");
    }

    @Test
    void theGridSizeAndCropSizeAreNotHardWired() {
        BufferedImage small = Synthetic.crop(98);
        var view = PatchHeatmap.builder(small, PatchGrid.fromTokens(tokens(7))).scale(1).build();
        // no title: (10 + 98 + 10 + 12 + 44 + 10) × (10 + 98 + 14 + 4 + 10)
        Pixels.assertDrawn(view.toPng(), 184, 136, 0.4);
        assertEquals(7, view.grid().size());
    }

    @Test
    void negativeValuesSwitchToTheDivergingMapAndAFooterLineForTheMinimum() {
        float[] values = new float[256];
        values[3] = 2f;
        values[200] = -5f;
        var view = PatchHeatmap.builder(CROP, PatchGrid.of(values)).build();
        assertEquals(new ColorScale(ColorMap.DIVERGING, -5, 5), view.colorScale());
        Pixels.assertDrawn(view.toPng(), 620, (10 + 224 + 2 * 14 + 4 + 10) * 2, 0.5);
    }

    @Test
    void demoAddsABannerAboveThePicture() {
        var grid = PatchGrid.fromTokens(tokens(16));
        BufferedImage demo = Pixels.decode(PatchHeatmap.builder(CROP, grid).demo(true).build().toPng());
        BufferedImage plain = PatchHeatmap.builder(CROP, grid).build().toImage();
        assertEquals(plain.getHeight() + 44, demo.getHeight());
        assertEquals(DemoMark.BANNER.getRGB() & 0xFFFFFF, Pixels.rgb(demo, 3, 3));
        assertEquals(Color.WHITE.getRGB() & 0xFFFFFF, Pixels.rgb(plain, 3, 3));
    }

    @Test
    void gridOfHeatmapsLaysPanelsOutInColumns() {
        var panel = PatchHeatmap.builder(CROP, PatchGrid.fromTokens(tokens(16))).imageWidth(100).scale(1).build();
        BufferedImage one = panel.toImage();
        var grid = HeatmapGrid.builder(List.of(panel, panel, panel)).columns(2).scale(1).build();
        // 2 columns, 2 rows, 8 px gaps around and between
        Pixels.assertDrawn(grid.toPng(), 2 * one.getWidth() + 3 * 8, 2 * one.getHeight() + 3 * 8, 0.3);
        var titled = HeatmapGrid.builder(List.of(panel)).title("four latents").scale(1).demo(true).build();
        Pixels.assertDrawn(titled.toPng(), one.getWidth() + 16, 22 + 28 + one.getHeight() + 16, 0.3);
    }

    @Test
    void badOptionsAreClearErrors() {
        var builder = PatchHeatmap.builder(CROP, PatchGrid.fromTokens(tokens(16)));
        assertEquals("Opacity 1.5 is out of range; pass a number from 0 to 1.",
                assertThrows(IllegalArgumentException.class, () -> builder.opacity(1.5)).getMessage());
        assertEquals("The image is missing; pass the crop the model saw as a BufferedImage.",
                assertThrows(IllegalArgumentException.class,
                        () -> PatchHeatmap.builder(null, PatchGrid.of(new float[4]))).getMessage());
        assertEquals("The heatmap grid has no panels; pass at least one PatchHeatmap.",
                assertThrows(IllegalArgumentException.class, () -> HeatmapGrid.builder(List.of())).getMessage());
    }
}
