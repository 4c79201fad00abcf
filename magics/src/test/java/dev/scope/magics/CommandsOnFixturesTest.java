package dev.scope.magics;

import dev.scope.engine.Fixtures;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.engine.LayerResult;
import dev.scope.engine.Matrix;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.sae.LatentActivation;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.TopImages;
import dev.scope.views.Heatmaps;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.ActiveLatents;
import dev.scope.views.ActiveLatentsChart;
import dev.scope.views.ActivationHistogram;
import dev.scope.views.HeatmapGrid;
import dev.scope.views.LatentStemPlot;
import dev.scope.views.PatchGrid;
import dev.scope.views.PatchHeatmap;
import dev.scope.views.TableView;
import dev.scope.views.TopImagesGrid;
import dev.scope.views.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Every subcommand on the fixture scope, in process: the data behind each view against the engine and the references. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandsOnFixturesTest {

    static final MagicContext NO_VARIABLES = name -> Optional.empty();
    static ScopeSession session;
    static ScopeMagics magics;
    static Shown loaded;

    @BeforeAll
    static void load() throws Exception {
        session = new ScopeSession();
        magics = new ScopeMagics(session);
        loaded = run("load", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--device", "cpu");
    }

    @AfterAll
    static void close() {
        session.replaceScope(null);
    }

    static Shown run(String... args) throws Exception {
        return magics.run(List.of(args), NO_VARIABLES);
    }

    static ScopeResult forward(String image) throws Exception {
        return (ScopeResult) run("forward", Fixtures.image(image).toString()).value();
    }

    @Test
    @Order(1)
    void loadShowsOneSummaryRowPerLayer() {
        TableView summary = loaded.view(TableView.class);
        assertFalse(summary.demo());
        assertEquals(List.of("layer", "d_in", "n_features", "k", "checkpoint", "device", "memory"),
                summary.table().columnNames());
        assertEquals(2, summary.table().rowCount());
        assertEquals(List.of(2, 5), summary.table().intColumn("layer").asList());
        assertEquals(List.of(64, 64), summary.table().intColumn("d_in").asList());
        assertEquals(List.of("512", "512"), summary.table().stringColumn("n_features").asList());
        assertEquals(List.of("8", "8"), summary.table().stringColumn("k").asList());
        assertEquals(List.of("2_resid/1000.pt", "5_resid/1000.pt"), summary.table().stringColumn("checkpoint").asList());
        assertEquals(List.of("cpu", "cpu"), summary.table().stringColumn("device").asList());
        // enc and dec (64 × 512 float32 each) plus pre_b: 2·64·512·4 + 64·4 bytes = 262,400 bytes
        assertEquals(262_400, session.requireScope().summary().layers().get(0).bytes());
        assertEquals("0.3 MB", summary.table().stringColumn("memory").get(0));
        assertTrue(summary.caption().contains("6 of 6 blocks, width 64, 257 tokens"), summary.caption());
    }

    @Test
    @Order(2)
    void forwardPrintsTheReadmeShapesAndReturnsTheEnginesResult() throws Exception {
        Shown shown = run("forward", Fixtures.image("gradient").toString());
        assertEquals("""
                layer 2, CLS token:
                latent shape (1, 512)
                reconstruction shape (1, 64)
                layer 2, all tokens: latent shape (257, 512), reconstruction shape (257, 64), resid shape (257, 64)
                layer 5, CLS token:
                latent shape (1, 512)
                reconstruction shape (1, 64)
                layer 5, all tokens: latent shape (257, 512), reconstruction shape (257, 64), resid shape (257, 64)
                """, shown.text());
        ScopeResult r = (ScopeResult) shown.value();
        assertSame(r, session.lastResult().orElseThrow());
        ScopeResult direct = session.requireScope().forward(Fixtures.image("gradient"));
        assertArrayEquals(direct.layer(5).latent().data(), r.layer(5).latent().data());
        assertArrayEquals(new long[] {1, 512}, r.layer(5).cls().latent().shape());
        BufferedImage crop = shown.view(BufferedImage.class);
        assertEquals(224, crop.getWidth());
        assertEquals(224, crop.getHeight());

        TableView top = shown.view(TableView.class);
        assertEquals(10, top.table().rowCount());
        List<LatentActivation> cls5 = r.layer(5).topLatents(0, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(5, top.table().intColumn("layer").get(5 + i));
            assertEquals(cls5.get(i).latent(), top.table().intColumn("latent").get(5 + i));
            assertEquals(cls5.get(i).value(), top.table().doubleColumn("value").get(5 + i), 1e-6);
        }
    }

    @Test
    @Order(3)
    void heatmapIsTheSaeActivationOfThePatchTokensRowMajor() throws Exception {
        ScopeResult r = forward("astronaut");
        LayerResult layer5 = r.layer(5);
        int latent = layer5.sae().topLatents(1).get(0).latent();
        Shown shown = run("heatmap", String.valueOf(latent), "--layer", "5");
        PatchHeatmap heatmap = shown.view(PatchHeatmap.class);
        PatchGrid grid = heatmap.grid();
        assertEquals(16, grid.size());
        Matrix dense = layer5.latent();
        int nonZero = 0;
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 16; col++) {
                float expected = dense.get(1 + row * 16 + col, latent);
                assertEquals(expected, grid.get(row, col), 0f, "patch " + row + "," + col);
                nonZero += expected != 0 ? 1 : 0;
            }
        }
        assertTrue(nonZero > 0, "the latent fires on no patch");
        assertEquals(PatchHeatmap.title(latent, 5, dense.get(0, latent)), heatmap.title());
        assertEquals(List.of(grid), ((Heatmaps) shown.value()).grids());
        assertSame(grid, ((Heatmaps) shown.value()).grid(latent));
        Pictures.assertNotBlank(heatmap.toImage());
    }

    @Test
    @Order(4)
    void preHeatmapsAreTheReferencePreActivationsAndSeveralMakeAGrid() throws Exception {
        forward("gradient");   // image 4 of the reference batch; its pixels equal the reference exactly
        Shown shown = run("heatmap", "7,300,511", "--layer", "2", "--pre");
        HeatmapGrid view = shown.view(HeatmapGrid.class);
        assertEquals(3, view.panels().size());
        float[] pre = Safetensors.open(Fixtures.expected()).tensor("sae.2.pre").toFloats();
        int[] latents = {7, 300, 511};
        for (int j = 0; j < 3; j++) {
            PatchGrid grid = view.panels().get(j).grid();
            for (int p = 0; p < 256; p++) {
                int row = 4 * 257 + 1 + p;
                assertEquals(pre[row * 512 + latents[j]], grid.values()[p], 2e-3f, "latent " + latents[j] + " patch " + p);
            }
            assertTrue(view.panels().get(j).title().endsWith("· pre-activation"));
        }
        Pictures.assertNotBlank(view.toImage());
    }

    @Test
    @Order(5)
    void latentsOfClsArePatchesAndTheMean() throws Exception {
        ScopeResult r = forward("chelsea");
        Shown cls = run("latents", "--layer", "5");
        ActiveLatents shown = (ActiveLatents) cls.value();
        List<LatentActivation> expected = r.layer(5).topLatents(0, 8);
        assertEquals(8, shown.count());
        for (int i = 0; i < 8; i++) {
            assertEquals(expected.get(i).latent(), shown.ids()[i]);
            assertEquals(expected.get(i).value(), shown.values()[i]);
        }
        ActiveLatentsChart chart = cls.view(ActiveLatentsChart.class);
        assertArrayEquals(shown.ids(), chart.ids());
        TableView table = cls.view(TableView.class);
        double l1 = 0;
        for (float v : shown.values()) {
            l1 += Math.abs(v);
        }
        assertEquals(Math.abs(shown.values()[0]) / l1, table.table().doubleColumn("share of L1").get(0), 1e-6);

        ActiveLatents patch = (ActiveLatents) run("latents", "--layer", "2", "--token", "3,7", "--top", "3").value();
        List<LatentActivation> patchTop = r.layer(2).topLatents(1 + 3 * 16 + 7, 3);
        assertArrayEquals(patchTop.stream().mapToInt(LatentActivation::latent).toArray(), patch.ids());

        Shown mean = run("latents", "--layer", "2", "--token", "mean", "--top", "4", "--all");
        Matrix dense = r.layer(2).latent();
        double[] sums = new double[512];
        for (int t = 1; t <= 256; t++) {
            for (int f = 0; f < 512; f++) {
                sums[f] += dense.get(t, f);
            }
        }
        ActiveLatents meanTop = (ActiveLatents) mean.value();
        assertEquals(4, meanTop.count());
        for (int i = 0; i < 4; i++) {
            assertEquals(sums[meanTop.ids()[i]] / 256, meanTop.values()[i], 1e-4);
        }
        double[] sorted = Arrays.stream(sums).map(s -> -s / 256).sorted().map(s -> -s).toArray();
        assertEquals(sorted[0], meanTop.values()[0], 1e-4);
        assertEquals(sorted[3], meanTop.values()[3], 1e-4);
        LatentStemPlot stems = mean.view(LatentStemPlot.class);
        assertEquals(512, stems.nFeatures());
        assertTrue(stems.latents().count() > 4, "the stem plot shows every active latent");
        assertTrue(mean.text().startsWith("Showing the top 4 of "));
    }

    @Test
    @Order(6)
    void metricsOnTheFiveImagesEqualTheReference() throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(Fixtures.expectedJson())).getAsJsonObject();
        Shown shown = run("metrics", "--images", Fixtures.images().toString(), "--layers", "2,5");
        Metrics metrics = (Metrics) shown.value();
        assertEquals(1285, metrics.tokens());
        assertEquals(List.of(2, 5), metrics.layers());
        for (int layer : metrics.layers()) {
            ReconstructionMetrics m = metrics.layer(layer);
            double mse = expected.get("sae." + layer + ".mse").getAsDouble();
            double ev = expected.get("sae." + layer + ".explained_variance").getAsDouble();
            assertEquals(mse, m.mse(), Fixtures.RESIZE_PATHS * mse, "MSE at layer " + layer);
            assertEquals(ev, m.explainedVariance(), Fixtures.RESIZE_PATHS * ev, "explained variance at layer " + layer);
            assertEquals(8.0, m.l0(), 1e-9, "TopK keeps k = 8 latents per token");
            assertEquals(1.0, m.fractionActive() + m.fractionNeverActive(), 1e-12);
            assertTrue(m.fractionActive() > 8.0 / 512 && m.fractionActive() <= 1);
        }
        assertTrue(shown.text().startsWith("Measured on 5 images, all 1285 tokens; SAE inputs raw:"), shown.text());
        assertTrue(shown.text().contains("batch-standardised"));
        assertEquals(2, shown.view(TableView.class).table().rowCount());
    }

    @Test
    @Order(7)
    void metricsInBatchesEqualOneBatch(@TempDir Path dir) throws Exception {
        // 10 files > BATCH: the per-batch figures must combine to the figures of the whole set
        List<String> names = List.of("black", "astronaut", "chelsea", "coffee", "gradient");
        for (int copy = 0; copy < 2; copy++) {
            for (String name : names) {
                Files.copy(Fixtures.image(name), dir.resolve(copy + name + ".png"));
            }
        }
        ReconstructionMetrics twice = ((Metrics) run("metrics", "--images", dir.toString(), "--layers", "5").value()).layer(5);
        ReconstructionMetrics once = ((Metrics) run("metrics", "--images", Fixtures.images().toString(),
                "--layers", "blocks.5.hook_resid_post").value()).layer(5);
        assertEquals(once.mse(), twice.mse(), 1e-6 * once.mse());
        assertEquals(once.explainedVariance(), twice.explainedVariance(), 1e-9);
        assertEquals(once.fractionActive(), twice.fractionActive(), 1e-12);
    }

    @Test
    @Order(8)
    void topRanksTheFolderSkipsNonImagesAndAsksTheCacheTheSecondTime(@TempDir Path dir) throws Exception {
        for (String name : List.of("black", "astronaut", "chelsea", "coffee", "gradient")) {
            Files.copy(Fixtures.image(name), dir.resolve(name + ".png"));
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ScopeResult all = session.requireScope().forward(Fixtures.image("black"), Fixtures.image("astronaut"),
                Fixtures.image("chelsea"), Fixtures.image("coffee"), Fixtures.image("gradient"));
        int latent = all.sae().get(5).topLatents(1).get(0).latent();
        Shown shown = run("top", String.valueOf(latent), "--images", dir.toString(), "--layer", "5", "--n", "4");
        LatentRanking ranking = (LatentRanking) shown.value();
        assertEquals(5, ranking.scanned());
        assertEquals(0, ranking.cached());
        assertEquals(List.of("notes.txt"), ranking.skipped());
        assertEquals("5 images: 5 scanned, 0 from the cache; skipped 1 file that is not an image: notes.txt.", shown.text());
        List<String> names = List.of("black.png", "astronaut.png", "chelsea.png", "coffee.png", "gradient.png");
        for (int i = 0; i < 5; i++) {
            float cls = all.layer(5, names.indexOf(ranking.files().get(i))).latentOverTokens(latent)[0];
            assertEquals(cls, ranking.values().get(i), 1e-5f, ranking.files().get(i));
            if (i > 0) {
                assertTrue(ranking.values().get(i - 1) >= ranking.values().get(i));
            }
        }
        TopImagesGrid grid = shown.view(TopImagesGrid.class);
        assertEquals(4, grid.images().size());
        assertEquals(ranking.files().subList(0, 4), grid.images().stream().map(t -> t.name()).toList());
        PatchGrid first = grid.images().get(0).grid();
        assertArrayEquals(Arrays.copyOfRange(all.layer(5, names.indexOf(ranking.files().get(0))).latentOverTokens(latent),
                1, 257), first.values(), 1e-5f);
        ActivationHistogram histogram = shown.view(ActivationHistogram.class);
        assertEquals(5, Arrays.stream(histogram.counts()).sum());

        Shown again = run("top", String.valueOf(latent), "--images", dir.toString(), "--layer", "5", "--by", "max-patch");
        LatentRanking cached = (LatentRanking) again.value();
        assertEquals(0, cached.scanned());
        assertEquals(5, cached.cached());
        assertEquals(TopImages.By.MAX_PATCH, cached.by());
        for (int i = 0; i < 5; i++) {
            float[] overTokens = all.layer(5, names.indexOf(cached.files().get(i))).latentOverTokens(latent);
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 1; t < overTokens.length; t++) {
                max = Math.max(max, overTokens[t]);
            }
            assertEquals(max, cached.values().get(i), 1e-5f);
        }
        Files.setLastModifiedTime(dir.resolve("coffee.png"), java.nio.file.attribute.FileTime.fromMillis(0));
        LatentRanking touched = (LatentRanking) run("top", String.valueOf(latent), "--images", dir.toString(),
                "--layer", "5").value();
        assertEquals(1, touched.scanned(), "a file with a new modification time is scanned again");
    }

    @Test
    @Order(9)
    void everyViewRendersToANonBlankPngOfItsSize() throws Exception {
        forward("coffee");
        ActiveLatentsChart bars = run("latents").view(ActiveLatentsChart.class);
        assertEquals(800, bars.chart().getWidth());
        Pictures.rendered(bars, bars.chart().getWidth(), bars.chart().getHeight());
        LatentStemPlot stems = run("latents", "--all").view(LatentStemPlot.class);
        Pictures.rendered(stems, stems.chart().getWidth(), stems.chart().getHeight());
        View heatmap = run("heatmap", "3").view(PatchHeatmap.class);
        BufferedImage image = heatmap.toImage();
        Pictures.rendered(heatmap, image.getWidth() / 2, image.getHeight() / 2);
        assertTrue(image.getWidth() >= 2 * 224, "the heatmap is drawn over the 224 crop at 2×");
        View overview = (View) run("metrics", "--images", Fixtures.image("coffee").toString()).views().get(0);
        BufferedImage charts = overview.toImage();
        Pictures.rendered(overview, charts.getWidth() / 2, charts.getHeight() / 2);
    }

    @Test
    @Order(10)
    void badInputIsOneLineNamingTheFix(@TempDir Path dir) throws Exception {
        assertEquals("Latent 512 does not exist; this SAE has latents 0 to 511.",
                assertThrows(MagicException.class, () -> run("heatmap", "512")).getMessage());
        String notLoaded = "Layer 8 is not among the loaded layers [2, 5]; pick one of those, or load the scope with it"
                + " (--layers 2,5,8, or all).";
        assertEquals(notLoaded, assertThrows(MagicException.class, () -> run("forward", "black", "--layers", "8"))
                .getMessage());
        assertEquals(notLoaded, assertThrows(MagicException.class, () -> run("top", "3", "--images",
                Fixtures.images().toString(), "--layer", "blocks.8.hook_resid_post")).getMessage(),
                "one message wherever a layer is named, in any spelling");
        forward("coffee");
        String notInResult = assertThrows(MagicException.class, () -> run("latents", "--layer", "22")).getMessage();
        assertTrue(notInResult.startsWith("Layer 22 is not among the layers of this result [2, 5]"), notInResult);
        assertEquals("'blocks.22.attn' is not a layer; write it as 22, 22_resid, (22,'resid') or"
                + " blocks.22.hook_resid_post.", assertThrows(MagicException.class,
                () -> run("latents", "--layer", "blocks.22.attn")).getMessage());
        assertThrows(MagicException.class, () -> run("top", "3", "--images", dir.toString()));
        assertThrows(UnknownSubcommandException.class, () -> run("plot"));
        assertThrows(UnknownFlagException.class, () -> run("heatmap", "3", "--colour", "red"));
        Files.writeString(dir.resolve("a.txt"), "text");
        assertEquals("None of the 1 files in " + dir + " is an image; pass PNG or JPEG files.",
                assertThrows(MagicException.class, () -> run("top", "3", "--images", dir.toString())).getMessage());
        String missingImage = assertThrows(MagicException.class, () -> run("forward", dir.resolve("x.png").toString()))
                .getMessage();
        assertFalse(missingImage.contains("\n"));
    }
}
