package dev.scope.views;

import static org.junit.jupiter.api.Assertions.*;

import dev.scope.engine.scan.RankedImage;
import dev.scope.engine.scan.TopImages;
import dev.scope.index.CoLatent;
import dev.scope.index.DeadLatents;
import dev.scope.index.ImageLatent;
import dev.scope.index.LatentReport;
import dev.scope.index.LatentStats;
import dev.scope.index.PatchLatent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The views of the index's answers render to PNGs of the expected size with real drawing on them. */
class IndexViewsTest {

    static LatentReport report(int tops, boolean demo, boolean heatmaps) {
        BufferedImage crop = Synthetic.crop(224);
        List<RankedImage> top = new ArrayList<>();
        for (int i = 0; i < tops; i++) {
            float[] tokens = new float[257];
            float[] blob = Synthetic.blob(16, i % 16, 4, 2.0, 5 - i * 0.4f);
            System.arraycopy(blob, 0, tokens, 1, 256);
            top.add(new RankedImage("img-" + i + ".jpg", Synthetic.variant(crop, i), tokens, 5 - i * 0.4f));
        }
        float[] values = new float[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = 5f * (values.length - i) / values.length;
        }
        LatentStats stats = new LatentStats(22, 4242, TopImages.By.CLS, 2000, values);
        List<CoLatent> co = List.of(new CoLatent(17, 150, 0.75), new CoLatent(3, 90, 0.45), new CoLatent(900, 20, 0.1));
        return new LatentReport(22, 4242, TopImages.By.CLS, top, stats, co, heatmaps,
                heatmaps ? "" : "heatmaps show the peak patch only", demo);
    }

    @Test
    void theDashboardHoldsGridHistogramAndCompanionsOnOneScreen() {
        LatentDashboard dashboard = LatentDashboard.of(report(9, false, true));
        BufferedImage image = Pixels.decode(dashboard.toPng());
        assertTrue(image.getWidth() > 1600 && image.getHeight() > 1000, image.getWidth() + "×" + image.getHeight());
        assertTrue(Pixels.differing(image, java.awt.Color.WHITE) > 0.2 * image.getWidth() * image.getHeight());
        assertEquals("density 10.00% (200 of 2,000 images) · p50 2.5 · p90 4.5 · p99 4.95 · max 5", dashboard.summary());
        assertTrue(LatentDashboard.of(report(3, false, false)).summary().endsWith("· heatmaps show the peak patch only"));
    }

    @Test
    void aDemoDashboardCarriesTheBannerAndANeverActiveLatentStillDraws() {
        LatentReport never = new LatentReport(5, 1, TopImages.By.MAX_PATCH, report(2, true, true).top(),
                new LatentStats(5, 1, TopImages.By.MAX_PATCH, 10, new float[0]), List.of(), true, "", true);
        LatentDashboard d = LatentDashboard.of(never);
        assertEquals("never fires on the indexed images", d.summary());
        BufferedImage image = Pixels.decode(d.toPng());
        assertEquals(DemoMark.BANNER.getRGB() & 0xFFFFFF, Pixels.rgb(image, 2, 2));
    }

    @Test
    void companionsLayerLatentsAndDeadLatentsRender() {
        CoLatentChart co = CoLatentChart.of(report(1, false, true).cooccurring(), 22, 4242, false);
        Pixels.assertDrawn(co.toPng(), 1280, 600, 0.03);
        List<ImageLatent> latents = List.of(new ImageLatent(2, 10, 1.5f, 2.5f, 3, 40), new ImageLatent(2, 11, 0.5f, 1f, 0, 2),
                new ImageLatent(5, 99, 0f, 3f, 200, 10));
        LayerLatentsChart perLayer = LayerLatentsChart.ofImage(latents, "astronaut.png", false);
        assertEquals(2, perLayer.charts().size());
        Pixels.assertDrawn(perLayer.toPng(), 1440, 960, 0.03);
        LayerLatentsChart token = LayerLatentsChart.ofToken(List.of(new PatchLatent(17, 5, 2f), new PatchLatent(20, 6, 1f),
                new PatchLatent(22, 7, 3f)), "astronaut.png · patch (6, 7)", true);
        Pixels.assertDrawn(token.toPng(), 1440, 1440, 0.03);
        DeadLatentsChart dead = DeadLatentsChart.of(List.of(new DeadLatents(2, 512, 100, new int[] {1, 2, 3}),
                new DeadLatents(5, 512, 100, new int[] {7})), false);
        Pixels.assertDrawn(dead.toPng(), 1280, 640, 0.03);
        assertEquals("There are no co-occurring latents to draw; the latent fires alone or never.",
                assertThrows(IllegalArgumentException.class, () -> CoLatentChart.of(List.of(), 1, 2, false)).getMessage());
    }
}
