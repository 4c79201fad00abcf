package dev.scope.index;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.scan.TopImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Indexing the fixture images, and every question of the index against a direct forward pass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexerTest {

    Scope scope;
    Path images;
    Path db;
    IndexSummary first;
    /** Each readable input's direct forward in the batch the index ran it in, by file name. */
    Map<String, IndexFixtures.AsIndexed> direct = new HashMap<>();

    @BeforeAll
    void indexTheFixtures(@TempDir Path tmp) throws Exception {
        scope = IndexFixtures.scope();
        images = IndexFixtures.fixtureFolder(tmp.resolve("images"));
        db = tmp.resolve("fixtures.duckdb");
        List<ImageSource> inputs = ImageInputs.parse(images.toString());
        first = Indexer.run(scope, inputs, db, IndexFixtures.LAYERS, 4, Indexer.Listener.NONE);
        IndexFixtures.asIndexed(scope, inputs, 4, IntStream.range(0, inputs.size()).boxed().collect(Collectors.toSet()))
                .forEach((position, result) -> direct.put(inputs.get(position).name(), result));
    }

    @AfterAll
    void close() {
        scope.close();
    }

    @Test
    void everyImageIsStoredAndTheNonImageWithItsReason() throws Exception {
        assertEquals(6, first.inputs());
        assertEquals(5, first.indexed());
        assertEquals(1, first.skipped());
        try (ActivationIndex index = ActivationIndex.open(db)) {
            assertEquals(5, index.images());
            assertEquals(1, index.skipped());
            Table bad = index.sql("SELECT source, status, content_hash FROM images WHERE status <> 'ok'");
            assertTrue(bad.getString(0, "source").endsWith("notes.txt.png"));
            assertTrue(bad.getString(0, "status").contains("cannot be read as an image"), bad.getString(0, "status"));
            Table ok = index.sql("SELECT image_id, source, content_hash FROM images WHERE status = 'ok' ORDER BY image_id");
            assertEquals(List.of(1, 2, 3, 4, 5), ok.intColumn("image_id").asList());
            String hash = ok.getString(0, "content_hash");
            assertTrue(ok.getString(0, "source").endsWith("astronaut.png"));
            assertEquals(WeightFiles.sha256(images.resolve("astronaut.png")), hash);
            assertEquals(IndexFixtures.LAYERS, index.layers());
            assertEquals("float32", index.run().dtype());
            assertTrue(index.run().clipWeights().startsWith("sha256:"));
        }
    }

    @Test
    void theIndexHoldsExactlyWhatADirectForwardGives() throws Exception {
        try (ActivationIndex index = ActivationIndex.open(db)) {
            for (String name : IndexFixtures.PHOTOS) {
                IndexFixtures.AsIndexed forward = direct.get(name + ".png");
                int id = index.imageId(name + ".png");
                for (int layer : IndexFixtures.LAYERS) {
                    LayerResult r = forward.layer(layer);
                    int features = r.sae().nFeatures();
                    TokenLayout layout = TokenLayout.ofTokens(r.resid().rows());
                    float[] cls = new float[features];
                    float[] patchMax = new float[features];
                    int[] peak = new int[features];
                    for (ImageLatent l : index.imageLatents(id, Integer.MAX_VALUE)) {
                        if (l.layer() == layer) {
                            cls[l.latent()] = l.cls();
                            patchMax[l.latent()] = l.patchMax();
                            peak[l.latent()] = l.peakPatch();
                        }
                    }
                    for (int f = 0; f < features; f++) {
                        float[] column = r.latentOverTokens(f);
                        assertEquals(column[0], cls[f], 0f, name + " layer " + layer + " latent " + f + " CLS");
                        assertEquals(TopImages.By.MAX_PATCH.value(column, layout), patchMax[f], 0f,
                                name + " layer " + layer + " latent " + f + " patch max");
                        if (patchMax[f] != 0 || cls[f] != 0) {
                            assertEquals(patchMax[f], column[peak[f] + 1], 0f, name + " latent " + f + " peak patch");
                            for (int p = 0; p < peak[f]; p++) {
                                assertTrue(column[p + 1] < patchMax[f], "the peak is the first patch with the max");
                            }
                        }
                    }
                    ReconstructionMetrics m = ReconstructionMetrics.of(r.resid(), r.sae());
                    Table t = index.sql("SELECT mse, explained_variance, l0 FROM image_layers WHERE image_id = " + id
                            + " AND layer = " + layer);
                    assertEquals(m.mse(), t.doubleColumn("mse").get(0), 1e-9 * m.mse());
                    assertEquals(m.explainedVariance(), t.doubleColumn("explained_variance").get(0), 1e-9);
                    assertEquals(m.l0(), t.doubleColumn("l0").get(0), 0);
                }
            }
        }
    }

    @Test
    void topImagesEqualABruteForceRankingByEitherValue() throws Exception {
        try (ActivationIndex index = ActivationIndex.open(db)) {
            // in image id order: the folder's files by name
            List<IndexFixtures.AsIndexed> byId = new ArrayList<>();
            for (int id = 1; id <= 5; id++) {
                byId.add(direct.get(ImageSource.parse(index.source(id)).name()));
            }
            for (int layer : IndexFixtures.LAYERS) {
                for (int latent : new int[] {0, 7, 100, 311, 511}) {
                    for (TopImages.By by : TopImages.By.values()) {
                        List<float[]> columns = byId.stream().map(r -> r.layer(layer).latentOverTokens(latent)).toList();
                        TokenLayout layout = TokenLayout.ofTokens(columns.get(0).length);
                        List<Integer> expected = IntStream.range(0, 5).boxed()
                                .sorted(Comparator.comparingDouble((Integer i) -> -by.value(columns.get(i), layout))
                                        .thenComparingInt(i -> i)).toList();
                        List<LatentHit> hits = index.top(layer, latent, by, 5);
                        assertEquals(expected.stream().map(i -> i + 1).toList(), hits.stream().map(LatentHit::imageId).toList(),
                                "layer " + layer + " latent " + latent + " by " + by);
                        for (LatentHit h : hits) {
                            assertEquals(by.value(columns.get(h.imageId() - 1), layout), h.value(), 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void statsDensityCompanionsAndDeadLatentsAgreeWithTheDirectPass() throws Exception {
        try (ActivationIndex index = ActivationIndex.open(db)) {
            List<ScopeResult> single = new ArrayList<>();
            for (String name : IndexFixtures.PHOTOS) {
                single.add(scope.forward(ImageSource.file(images.resolve(name + ".png")), IndexFixtures.LAYERS));
            }
            int layer = 5;
            int features = single.get(0).layer(layer).sae().nFeatures();
            boolean[] anywhere = new boolean[features];
            List<boolean[]> perImage = new ArrayList<>();
            for (ScopeResult r : single) {
                boolean[] here = new boolean[features];
                for (int f : r.layer(layer).sae().activeLatents()) {
                    here[f] = true;
                    anywhere[f] = true;
                }
                perImage.add(here);
            }
            DeadLatents dead = index.dead(layer);
            int[] expectedDead = IntStream.range(0, features).filter(f -> !anywhere[f]).toArray();
            assertArrayEquals(expectedDead, dead.dead());
            assertEquals(5, dead.images());

            int latent = IntStream.range(0, features).filter(f -> anywhere[f]).findFirst().orElseThrow();
            LatentStats stats = index.stats(layer, latent, TopImages.By.CLS);
            long onCls = single.stream().filter(r -> r.layer(layer).latentOverTokens(latent)[0] != 0).count();
            assertEquals(onCls, stats.active());
            assertEquals(onCls / 5.0, stats.density(), 1e-12);

            List<CoLatent> co = index.cooccurring(layer, latent, 1000);
            for (CoLatent c : co) {
                long both = perImage.stream().filter(h -> h[latent] && h[c.latent()]).count();
                assertEquals(both, c.images(), "images shared with latent " + c.latent());
            }
            for (int i = 1; i < co.size(); i++) {
                assertTrue(co.get(i - 1).images() >= co.get(i).images());
            }

            List<LayerFigures> figures = index.figures();
            assertEquals(IndexFixtures.LAYERS, figures.stream().map(LayerFigures::layer).toList());
            var sum = new ReconstructionMetrics.Accumulator();
            single.forEach(r -> sum.add(r.layer(layer).resid(), r.layer(layer).sae()));
            // the index ran the images in one batch, and a batch's products may round otherwise in the last bit
            assertEquals(sum.metrics().mse(), figures.get(1).mse(), 1e-6 * sum.metrics().mse());
        }
    }

    @Test
    void onDemandReportRecomputesHeatmapsAndTokenLatentsMatchTheForward() throws Exception {
        try (ActivationIndex index = ActivationIndex.open(db)) {
            LatentHit best = index.top(5, 3, TopImages.By.MAX_PATCH, 1).get(0);
            LatentReport report = index.report(5, 3, TopImages.By.MAX_PATCH, 3, Optional.of(scope));
            assertTrue(report.heatmaps());
            assertEquals("", report.note());
            assertEquals(3, report.top().size());
            float[] tokens = report.top().get(0).overTokens();
            assertEquals(best.value(), tokens[best.peakPatch() + 1], 0f);
            LatentReport peakOnly = index.report(5, 3, TopImages.By.MAX_PATCH, 3, Optional.empty());
            assertFalse(peakOnly.heatmaps());
            assertTrue(peakOnly.note().contains("--clip"), peakOnly.note());

            ImageSource astronaut = ImageSource.file(images.resolve("astronaut.png"));
            int token = 1 + 6 * 16 + 7;
            List<PatchLatent> latents = OnDemand.tokenLatents(scope, astronaut, token, IndexFixtures.LAYERS);
            ScopeResult r = scope.forward(astronaut, IndexFixtures.LAYERS);
            for (PatchLatent p : latents) {
                assertEquals(r.layer(p.layer()).latentOverTokens(p.latent())[token], p.value(), 0f);
            }
            assertEquals(16, latents.size()); // k 8 at each of two layers
            int id = index.imageId("astronaut.png");
            for (ImageLatent peak : index.peakingAt(id, token - 1, IndexFixtures.LAYERS)) {
                assertTrue(latents.stream().anyMatch(p -> p.layer() == peak.layer() && p.latent() == peak.latent()
                        && p.value() == peak.patchMax()), "a latent peaking at the patch is kept there: " + peak);
            }
        }
    }

    @Test
    void runningAgainSkipsWhatIsThereAndReindexesAChangedFile(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("again.duckdb");
        Files.copy(db, copy);
        IndexSummary again = Indexer.run(scope, ImageInputs.parse(images.toString()), copy, IndexFixtures.LAYERS, 4,
                Indexer.Listener.NONE);
        assertEquals(6, again.already());
        assertEquals(0, again.indexed() + again.skipped());
        Path coffee = images.resolve("coffee.png");
        FileTime before = Files.getLastModifiedTime(coffee);
        try {
            Files.setLastModifiedTime(coffee, FileTime.fromMillis(before.toMillis() + 60_000));
            IndexSummary touched = Indexer.run(scope, ImageInputs.parse(images.toString()), copy, IndexFixtures.LAYERS,
                    4, Indexer.Listener.NONE);
            assertEquals(1, touched.indexed());
        } finally {
            Files.setLastModifiedTime(coffee, before);
        }
        try (ActivationIndex a = ActivationIndex.open(db); ActivationIndex b = ActivationIndex.open(copy)) {
            String rows = "SELECT * EXCLUDE (indexed_at, mtime) FROM images ORDER BY image_id";
            assertEquals(a.sql(rows).printAll(), b.sql(rows).printAll());
            String acts = "SELECT * FROM activations ORDER BY image_id, layer, latent";
            assertEquals(a.sql(acts).rowCount(), b.sql(acts).rowCount());
        }
    }

    @Test
    void anIndexOfOtherSettingsIsRefusedInOneSentence() {
        IndexException e = assertThrows(IndexException.class, () -> Indexer.run(scope,
                ImageInputs.parse(images.toString()), db, List.of(5), 4, Indexer.Listener.NONE));
        assertEquals("The index " + db + " was built with other weights or settings: the layers (2,5 here, 5 there);"
                + " index into another file (--db other.duckdb), or run again with --clip " + IndexFixtures.spec().clip()
                + " --saes " + IndexFixtures.spec().saes() + " --layers 2,5 --dtype float32 --device cpu.", e.getMessage());
    }
}
