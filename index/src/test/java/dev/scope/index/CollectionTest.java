package dev.scope.index;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.engine.scan.TopImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A generated collection of 2,000 images: the index equals a direct forward on sampled images exactly, its
 * top-N equals the engine's own streaming ranking ({@link TopImages}, fed by the same scan) over all of them,
 * and the resident memory measured every 100 images stays flat.
 */
class CollectionTest {

    static final int IMAGES = 2_000;
    /** 20 readings: a median of 10 per half rides out the ±100 MB one reading may swing by on the dev VM. */
    static final int EVERY = 100;

    @Test
    void twoThousandImagesIndexExactlyInFlatMemory(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        List<Path> files = IndexFixtures.collection(tmp.resolve("collection"), IMAGES, 20_261_130L);
        long t1 = System.nanoTime();
        Path db = tmp.resolve("collection.duckdb");
        List<Long> rss = new ArrayList<>();
        assertEquals(nativeSetting("GLIBC_TUNABLES"), System.getenv("GLIBC_TUNABLES"),
                "index/pom.xml runs the tests with native.env's allocator settings, as ./scope does");
        int[] nextSample = {EVERY};
        double cpu0 = cpuSeconds();
        try (Scope scope = IndexFixtures.scope()) {
            // the engine's own streaming ranking over the same forward pass: the brute force the SQL must equal
            int[] latents = {0, 5, 77, 256, 400};
            List<TopImages> rankings = new ArrayList<>();
            for (int layer : IndexFixtures.LAYERS) {
                for (int latent : latents) {
                    for (TopImages.By by : TopImages.By.values()) {
                        rankings.add(TopImages.of(scope, layer, latent, by, 1));
                    }
                }
            }
            IndexSummary summary = Indexer.run(scope, ImageInputs.parse(files.get(0).getParent().toString()), db,
                    IndexFixtures.LAYERS, 8, p -> {
                        if (p.done() >= nextSample[0]) {
                            nextSample[0] += EVERY;
                            rss.add(residentBytes());
                        }
                    }, image -> rankings.forEach(r -> r.onImage(image)));
            long t2 = System.nanoTime();
            assertEquals(IMAGES, summary.indexed());
            System.out.printf(Locale.ROOT, "CollectionTest: made %d images in %.1f s, indexed in %.1f s (%.1f images/s,"
                            + " %.0f s of CPU for this process)%n", IMAGES, (t1 - t0) / 1e9, (t2 - t1) / 1e9, summary.rate(),
                    cpuSeconds() - cpu0);
            System.out.println("CollectionTest: RSS every " + EVERY + " images (MiB): "
                    + rss.stream().map(b -> String.valueOf(b >> 20)).toList());
            assertEquals(IMAGES / EVERY, rss.size());
            // flat: the second thousand images' median stays within slack of the first thousand's. Medians, since one
            // reading may jump by hundreds of MB as the collector and malloc go (once 1088 MiB between two ~700);
            // the difference measured +13 to +63 MiB over nine runs; the engine alone (9,600 images at batch 8) stays
            // flat, so that is the index's side, not yet explained. A leak of 60 KB per image would add 60 MB to it
            long firstHalf = median(rss.subList(0, rss.size() / 2));
            long secondHalf = median(rss.subList(rss.size() / 2, rss.size()));
            assertTrue(secondHalf - firstHalf < 96L << 20, "RSS median " + (firstHalf >> 20) + " MiB over the first "
                    + IMAGES / 2 + " images and " + (secondHalf >> 20) + " MiB over the next: " + rss);

            try (ActivationIndex index = ActivationIndex.open(db)) {
                assertEquals(IMAGES, index.images());
                Random random = new Random(7);
                List<Integer> sample = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    sample.add(1 + random.nextInt(IMAGES));
                }
                // ids follow the input order, and every generated image is readable
                List<ImageSource> inputs = ImageInputs.parse(files.get(0).getParent().toString());
                var direct = IndexFixtures.asIndexed(scope, inputs, 8,
                        sample.stream().map(id -> id - 1).collect(Collectors.toSet()));
                for (int id : sample) {
                    for (int layer : IndexFixtures.LAYERS) {
                        assertSameAsIndex(index, id, direct.get(id - 1).layer(layer));
                    }
                }
                for (TopImages r : rankings) {
                    LatentRanking brute = r.result();
                    List<LatentHit> hits = index.top(brute.layer(), brute.latent(), brute.by(), 20);
                    assertEquals(brute.files().subList(0, 20), hits.stream().map(h -> Path.of(h.source()).getFileName()
                            .toString()).toList(), "top 20 of layer " + brute.layer() + " latent " + brute.latent() + " by "
                            + brute.by());
                    assertEquals(brute.values().subList(0, 20), hits.stream().map(LatentHit::value).toList());
                }
            }
        }
    }

    static void assertSameAsIndex(ActivationIndex index, int id, LayerResult r) throws IOException {
        int features = r.sae().nFeatures();
        TokenLayout layout = TokenLayout.ofTokens(r.resid().rows());
        float[] cls = new float[features];
        float[] patchMax = new float[features];
        for (ImageLatent l : index.imageLatents(id, Integer.MAX_VALUE)) {
            if (l.layer() == r.layer()) {
                cls[l.latent()] = l.cls();
                patchMax[l.latent()] = l.patchMax();
            }
        }
        for (int f = 0; f < features; f++) {
            float[] column = r.latentOverTokens(f);
            assertEquals(column[0], cls[f], 0f, "image " + id + " layer " + r.layer() + " latent " + f + " CLS");
            assertEquals(TopImages.By.MAX_PATCH.value(column, layout), patchMax[f], 0f,
                    "image " + id + " layer " + r.layer() + " latent " + f + " patch max");
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** A setting from native.env, which ./scope and the kernel start the engine with. */
    static String nativeSetting(String name) throws IOException {
        Path env = Path.of("..", "kernel-ext", "src", "main", "resources", "dev", "scope", "kernel", "install", "native.env");
        return Files.readAllLines(env).stream().filter(l -> l.startsWith(name + "=")).findFirst()
                .map(l -> l.substring(name.length() + 1)).orElseThrow();
    }

    /** VmRSS of this process after a collection, as the benchmark reads it. */
    static long residentBytes() {
        System.gc();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }
}
