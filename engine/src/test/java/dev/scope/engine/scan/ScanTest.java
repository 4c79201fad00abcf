package dev.scope.engine.scan;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.ReconstructionMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one loop over many images, and what streams through it: metrics, rankings, the latent cache. */
class ScanTest {
    static final List<String> IMAGES = List.of("astronaut", "black", "chelsea", "coffee", "gradient");
    static Scope scope;

    @BeforeAll
    static void load() throws IOException {
        scope = Scope.load(new ScopeSpec(Source.local(Fixtures.clip()), Source.local(Fixtures.saes()), List.of(2, 5),
                DeviceChoice.CPU, WeightType.FLOAT32));
    }

    @AfterAll
    static void close() {
        scope.close();
    }

    /** What a listener heard, in order. */
    static final class Heard implements ScanListener {
        final List<ScannedImage> images = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        int lastDone = -1;

        @Override
        public void onImage(ScannedImage image) {
            images.add(image);
            events.add(image.index() + " " + image.name());
        }

        @Override
        public void onSkipped(int index, ImageSource image, String reason) {
            skipped.add(reason);
            events.add(index + " skipped " + image.name());
        }

        @Override
        public void onProgress(int done, int total) {
            assertTrue(done > lastDone && done <= total, done + " of " + total + " after " + lastDone);
            lastDone = done;
        }
    }

    static Path folderOfFixtures(Path dir) throws IOException {
        for (String name : IMAGES) {
            Files.copy(Fixtures.image(name), dir.resolve(name + ".png"));
        }
        return dir;
    }

    @Test
    void unreadableFilesAreSkippedWithTheirReasonAndTheRestMatchForward(@TempDir Path dir) throws IOException {
        folderOfFixtures(dir);
        Files.writeString(dir.resolve("b-notes.txt"), "not an image");
        Files.write(dir.resolve("c-broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.write(dir.resolve("d-empty.png"), new byte[0]);
        List<ImageSource> sources = ImageSource.folder(dir);
        assertEquals(8, sources.size());

        Heard heard = new Heard();
        ScanSummary summary = scope.scan(sources, List.of(2, 5), heard);

        assertEquals(new ScanSummary(8, 5, 0, 3), summary);
        assertEquals(List.of("0 astronaut.png", "1 skipped b-notes.txt", "2 black.png", "3 skipped c-broken.png",
                "4 chelsea.png", "5 coffee.png", "6 skipped d-empty.png", "7 gradient.png"), heard.events,
                "in the order of the inputs");
        for (String reason : heard.skipped) {
            assertTrue(reason.startsWith("The file " + dir), reason);
            assertFalse(reason.contains("\n"), reason);
        }
        assertEquals(8, heard.lastDone);
        ScopeResult direct = scope.forward(IMAGES.stream().map(n -> Fixtures.image(n)).toArray(Path[]::new));
        for (int i = 0; i < IMAGES.size(); i++) {
            ScannedImage image = heard.images.get(i);
            assertEquals(224, image.crop().getWidth());
            assertFalse(image.cached());
            for (int layer : List.of(2, 5)) {
                assertArrayEquals(direct.layer(layer, i).sae().indices(), image.layer(layer).sae().indices(),
                        image.name() + " layer " + layer);
                Fixtures.assertClose(image.name() + " resid " + layer, direct.layer(layer, i).resid().data(),
                        image.layer(layer).resid().data());
            }
        }
    }

    @Test
    void anEmptyFolderScansNothing(@TempDir Path dir) throws IOException {
        Heard heard = new Heard();
        assertEquals(new ScanSummary(0, 0, 0, 0), scope.scan(ImageSource.folder(dir), List.of(5), heard));
        assertTrue(heard.events.isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> scope.scan(List.of(), List.of(3), heard));
        assertTrue(e.getMessage().startsWith("Layer 3 is not among the loaded layers [2, 5]"), e.getMessage());
    }

    @Test
    void aListenerThatThrowsStopsTheScanAndTheReader(@TempDir Path dir) throws IOException, InterruptedException {
        List<ImageSource> many = copies(dir, "gradient", "g", 40);
        List<String> seen = new ArrayList<>();
        assertThrows(CancellationException.class, () -> scope.scan(many, List.of(5), image -> {
            seen.add(image.name());
            if (seen.size() == 2) {
                throw new CancellationException("Interrupted.");
            }
        }));
        assertEquals(List.of("g00.png", "g01.png"), seen);
        assertReaderEnds();
    }

    @Test
    void anInterruptStopsTheScanAfterTheBatch(@TempDir Path dir) throws IOException, InterruptedException {
        List<ImageSource> many = copies(dir, "black", "b", 20);
        List<String> seen = new ArrayList<>();
        try {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> scope.scan(many, List.of(5), image -> {
                        seen.add(image.name());
                        Thread.currentThread().interrupt(); // as a kernel's interrupt would
                    }));
            assertEquals("Interrupted after 8 of 20 images.", e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(scope.batchSize(), seen.size(), "the batch in hand is delivered, no more");
        assertReaderEnds();
    }

    /** {@code n} copies of a fixture image, named {@code prefix00.png}…, as sources. */
    private static List<ImageSource> copies(Path dir, String image, String prefix, int n) throws IOException {
        List<ImageSource> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            copies.add(ImageSource.file(Files.copy(Fixtures.image(image), dir.resolve(String.format("%s%02d.png", prefix, i)))));
        }
        return copies;
    }

    private static void assertReaderEnds() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (readerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(readerAlive(), "the reader thread stops with the scan");
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("scope-scan-reader") && t.isAlive());
    }

    @Test
    void streamedMetricsEqualTheFiguresOfOneBatchOfEverything() throws IOException {
        MetricsAccumulator streamed = new MetricsAccumulator();
        ScanSummary summary = scope.scan(IMAGES.stream().map(n -> ImageSource.file(Fixtures.image(n))).toList(),
                List.of(2, 5), streamed);
        assertEquals(5, summary.scanned());
        Metrics metrics = streamed.result();
        assertEquals(List.of(2, 5), metrics.layers());
        assertEquals(5L * 257, metrics.tokens());

        ScopeResult all = scope.forward(IMAGES.stream().map(n -> Fixtures.image(n)).toArray(Path[]::new));
        for (int layer : List.of(2, 5)) {
            ReconstructionMetrics once = ReconstructionMetrics.of(all.resid().residFlat(layer), all.sae().get(layer));
            ReconstructionMetrics m = metrics.layer(layer);
            assertEquals(once.mse(), m.mse(), 1e-9 * once.mse());
            assertEquals(once.explainedVariance(), m.explainedVariance(), 1e-9);
            assertEquals(once.l0(), m.l0(), 1e-12);
            assertEquals(8.0, m.l0(), 1e-12, "TopK keeps k = 8 latents on every token");
            assertEquals(once.fractionActive(), m.fractionActive(), 1e-12);
        }
        MetricsAccumulator batch = new MetricsAccumulator();
        batch.add(all);
        Metrics whole = batch.result();
        assertEquals(metrics.layers(), whole.layers());
        assertEquals(metrics.tokens(), whole.tokens());
        assertEquals(metrics.images(), whole.images());
        for (int layer : metrics.layers()) {
            ReconstructionMetrics a = metrics.layer(layer);
            ReconstructionMetrics b = whole.layer(layer);
            // the dataset mean is merged batch by batch, so its variance may round otherwise in the last bit
            assertEquals(a.explainedVarianceDatasetMean(), b.explainedVarianceDatasetMean(), 1e-12, "layer " + layer);
            assertEquals(new ReconstructionMetrics(a.mse(), a.explainedVariance(), a.l0(), a.fractionActive(),
                    a.fractionNeverActive(), b.explainedVarianceDatasetMean(), a.nmse(), a.deadLatents(), a.nFeatures(),
                    a.tokens()), b, "a whole forward result adds the same as its images one by one, layer " + layer);
        }
        assertThrows(IllegalArgumentException.class, () -> metrics.layer(8));
    }

    @Test
    void topImagesRankEveryImageAndTheCacheAnswersTheSecondTime(@TempDir Path dir) throws IOException {
        folderOfFixtures(dir);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        List<ImageSource> folder = ImageSource.folder(dir);
        ScopeResult all = scope.forward(IMAGES.stream().map(n -> Fixtures.image(n)).toArray(Path[]::new));
        int latent = all.layer(5, 2).topLatents(0, 1).get(0).latent(); // chelsea's strongest CLS latent

        LatentCache cache = new LatentCache();
        TopImages first = TopImages.of(scope, 5, latent, TopImages.By.CLS, 3);
        ScanSummary scanned = cache.scan(scope, folder, 5, first);
        assertEquals(new ScanSummary(6, 5, 0, 1), scanned);
        LatentRanking ranking = first.result();
        assertEquals(5, ranking.files().size());
        assertEquals(List.of("notes.txt"), ranking.skipped());
        for (int i = 0; i < 5; i++) {
            int image = IMAGES.indexOf(ranking.files().get(i).replace(".png", ""));
            assertEquals(all.layer(5, image).latentOverTokens(latent)[0], ranking.values().get(i), Fixtures.PARITY);
            assertTrue(i == 0 || ranking.values().get(i - 1) >= ranking.values().get(i), "largest first");
        }
        assertEquals(3, ranking.top().size());
        assertEquals(ranking.files().subList(0, 3), ranking.top().stream().map(RankedImage::name).toList());
        assertEquals(6, cache.size(), "five images and the text file");

        TopImages again = TopImages.of(scope, 5, latent, TopImages.By.CLS, 3);
        long resizes = scope.preprocessor().resizes();
        assertEquals(new ScanSummary(6, 0, 5, 1), cache.scan(scope, folder, 5, again));
        LatentRanking cached = again.result();
        assertEquals(ranking.files(), cached.files());
        assertEquals(ranking.values(), cached.values());
        assertEquals(5, cached.cached());
        for (RankedImage top : cached.top()) {
            assertNotNull(top.crop(), "crops of cached top images are read again");
        }
        assertEquals(3, scope.preprocessor().resizes() - resizes, "only the three top images are read again");

        TopImages byPatch = TopImages.of(scope, 5, latent, TopImages.By.MAX_PATCH, 1);
        cache.scan(scope, folder, 5, byPatch);
        float[] overTokens = all.layer(5, IMAGES.indexOf(byPatch.result().files().get(0).replace(".png", "")))
                .latentOverTokens(latent);
        assertEquals(scope.clipConfig().tokenLayout().maxOverPatches(overTokens), byPatch.result().values().get(0),
                Fixtures.PARITY);
        assertThrows(IllegalArgumentException.class, () -> TopImages.of(scope, 5, 512, TopImages.By.CLS, 3));
    }

    @Test
    void aCacheTooSmallForTheFolderEvictsButTheRankingIsWhole(@TempDir Path dir) throws IOException {
        folderOfFixtures(dir);
        LatentCache tiny = new LatentCache(40_000); // room for about two images' latents
        TopImages top = TopImages.of(scope, 2, 7, TopImages.By.MAX_PATCH, 9);
        assertEquals(5, tiny.scan(scope, ImageSource.folder(dir), 2, top).scanned());
        assertEquals(5, top.result().files().size());
        assertTrue(tiny.bytes() <= 40_000 && tiny.size() < 5, tiny.size() + " entries, " + tiny.bytes() + " bytes");
    }
}
