package dev.scope.engine.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Hub#files}: several transfers at once, one progress, one cancel. */
class HubParallelTest {
    private static final String REPO = "acme/eight-layers";
    private static final List<Integer> LAYERS = List.of(2, 5, 8, 11, 14, 17, 20, 22);

    @TempDir
    Path cache;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Eight SAE-like files of {@code size} bytes each, plus a small README. */
    static Map<String, byte[]> eightLayers(int size) {
        Map<String, byte[]> files = new TreeMap<>();
        for (int layer : LAYERS) {
            files.put(layer + "_resid/1200013184.pt", HubResilienceTest.randomBytes(size, layer));
        }
        files.put("README.md", "# eight layers\n".getBytes());
        return files;
    }

    static FakeHub serve(Map<String, byte[]> files) throws IOException {
        FakeHub server = new FakeHub();
        Set<String> lfs = new java.util.TreeSet<>(files.keySet());
        lfs.remove("README.md");
        server.addBytes(REPO, files, lfs, null, true);
        server.startCdn();
        return server;
    }

    static List<RepoFile> wanted(Map<String, byte[]> files) {
        return files.keySet().stream().map(f -> new RepoFile(Source.repo(REPO), f)).toList();
    }

    @Test
    void severalFilesComeTogetherWithOneProgressForThemAll() throws IOException {
        Map<String, byte[]> files = eightLayers(300_000);
        try (FakeHub server = serve(files)) {
            server.blobs().throttleLink(20_000_000, 2_000_000, 10);
            List<TransferProgress> seen = Collections.synchronizedList(new ArrayList<>());
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withParallel(3));
            List<Path> got = hub.files(wanted(files), seen::add);

            List<String> names = new ArrayList<>(files.keySet());
            for (int i = 0; i < names.size(); i++) {
                assertArrayEquals(files.get(names.get(i)), Files.readAllBytes(got.get(i)), names.get(i));
                assertEquals(repoFolder(cache, REPO).resolve("snapshots/" + FakeHub.COMMIT + "/" + names.get(i)), got.get(i));
            }
            long total = files.values().stream().mapToLong(b -> b.length).sum();
            assertTrue(seen.size() >= 2, seen.toString());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals("9 files", seen.get(i).file());
                assertEquals(total, seen.get(i).totalBytes());
                if (i > 0) {
                    assertTrue(seen.get(i).bytesDone() >= seen.get(i - 1).bytesDone(), seen.toString());
                }
            }
            assertEquals(total, seen.get(seen.size() - 1).bytesDone());
            assertTrue(seen.stream().anyMatch(p -> !p.finished() && p.secondsLeft().isPresent()), seen.toString());
            assertEquals(3, server.blobs().mostAtOnce(), "three transfers at a time");
        }
    }

    @Test
    void cachedAndLocalFilesNeedNoTransferAndTheSameContentComesOnce() throws IOException {
        byte[] same = HubResilienceTest.randomBytes(200_000, 1);
        Map<String, byte[]> files = Map.of("2_resid/1000.pt", same, "5_resid/1000.pt", same.clone());
        try (FakeHub server = new FakeHub()) {
            server.addBytes(REPO, files, files.keySet(), null, false);
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            Path local = Files.writeString(cache.resolve("local.txt"), "here");
            List<Path> got = hub.files(List.of(new RepoFile(Source.repo(REPO), "2_resid/1000.pt"),
                    new RepoFile(Source.local(local), "local.txt"), new RepoFile(Source.repo(REPO), "5_resid/1000.pt")),
                    ProgressListener.NONE);
            assertEquals(local, got.get(1));
            assertEquals(got.get(0).toRealPath(), got.get(2).toRealPath());
            assertEquals(1, server.requests().stream().filter(r -> r.path().startsWith("/blobs/")).count());
            int before = server.requests().size();
            hub.files(List.of(new RepoFile(Source.repo(REPO), "5_resid/1000.pt")), ProgressListener.NONE);
            assertEquals(before, server.requests().size(), "cached: no request");
        }
    }

    @Test
    void aFileTheCdnRefusesLetsTheOthersFinishThenIsReported() throws IOException {
        Map<String, byte[]> files = eightLayers(100_000);
        try (FakeHub server = serve(files)) {
            server.blobs().refuse(Set.of(FakeHub.sha256(files.get("8_resid/1200013184.pt"))));
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withParallel(2));
            CdnException e = assertThrows(CdnException.class, () -> hub.files(wanted(files), ProgressListener.NONE));
            assertTrue(e.getMessage().contains("8_resid/1200013184.pt"), e.getMessage());
            Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
            for (String f : files.keySet()) {
                if (f.startsWith("8_")) {
                    assertThrows(NotCachedException.class, () -> offline.file(REPO, f));
                } else {
                    assertArrayEquals(files.get(f), Files.readAllBytes(offline.file(REPO, f)), f);
                }
            }
        }
    }

    @Test
    void cancellingStopsEveryTransferAndLeavesPartialsTheNextCallResumes() throws Exception {
        Map<String, byte[]> files = eightLayers(400_000);
        try (FakeHub server = serve(files)) {
            server.blobs().throttleLink(4_000_000, 400_000, 5);
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withParallel(3));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<TransferProgress> last = new AtomicReference<>();
            Thread fetcher = new Thread(() -> {
                try {
                    hub.files(wanted(files), last::set);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            fetcher.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((last.get() == null || last.get().bytesDone() < 300_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            fetcher.interrupt();
            fetcher.join(10_000);
            assertFalse(fetcher.isAlive());
            assertInstanceOf(DownloadCancelledException.class, thrown.get());
            assertTrue(thrown.get().getMessage().startsWith("The download of 9 files was cancelled after"),
                    thrown.get().getMessage());
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("hub-download")
                    && t.isAlive()), "every transfer stopped before the call returned");

            Path blobs = repoFolder(cache, REPO).resolve("blobs");
            Map<String, Long> partials = partials(blobs);
            assertTrue(partials.size() >= 2, partials.toString());
            Thread.sleep(200);
            assertEquals(partials, partials(blobs), "nothing writes after the cancel");
            Path snapshot = repoFolder(cache, REPO).resolve("snapshots/" + FakeHub.COMMIT);
            for (String f : files.keySet()) {
                Path pointer = snapshot.resolve(f);
                if (Files.exists(pointer, LinkOption.NOFOLLOW_LINKS)) {
                    assertArrayEquals(files.get(f), Files.readAllBytes(pointer), "only whole files in snapshots/: " + f);
                }
            }

            server.blobs().throttleLink(0, 0, 0);
            int before = server.cdnRequests().size();
            List<Path> got = new Hub(HubTestRepos.quick(server, cache)).files(wanted(files), ProgressListener.NONE);
            List<String> names = new ArrayList<>(files.keySet());
            for (int i = 0; i < names.size(); i++) {
                assertArrayEquals(files.get(names.get(i)), Files.readAllBytes(got.get(i)));
            }
            long resumed = server.cdnRequests().subList(before, server.cdnRequests().size()).stream()
                    .filter(r -> r.range() != null).count();
            assertEquals(partials.values().stream().filter(n -> n > 0).count(), resumed,
                    "each kept partial resumed with Range");
        }
    }

    /**
     * The measurement behind {@link HubSettings#DEFAULT_PARALLEL}: eight files over a throttled link, one after
     * the other and three at a time, where one connection gets a third of the link (as over a long round
     * trip) and where one connection fills it.
     */
    @Test
    void threeAtATimeFinishSoonerWhenOneConnectionCannotFillTheLinkAndNoLaterWhenItCan() throws IOException {
        Map<String, byte[]> files = eightLayers(256 * 1024);
        long heldBackSerial = timed(files, 3_000_000, 1_000_000, 1);
        long heldBackParallel = timed(files, 3_000_000, 1_000_000, 3);
        long fullSerial = timed(files, 3_000_000, 3_000_000, 1);
        long fullParallel = timed(files, 3_000_000, 3_000_000, 3);
        System.out.printf("8 x 256 KiB, link 3 MB/s: one connection at 1 MB/s: serial %d ms, 3 at a time %d ms;"
                + " one connection at 3 MB/s: serial %d ms, 3 at a time %d ms%n",
                heldBackSerial, heldBackParallel, fullSerial, fullParallel);
        assertTrue(heldBackParallel < heldBackSerial * 3 / 4, heldBackParallel + " vs " + heldBackSerial);
        assertTrue(fullParallel < fullSerial * 3 / 2, fullParallel + " vs " + fullSerial);
    }

    private long timed(Map<String, byte[]> files, long link, long perConnection, int parallel) throws IOException {
        try (FakeHub server = serve(files)) {
            server.blobs().throttleLink(link, perConnection, 20);
            Hub hub = new Hub(HubTestRepos.quick(server, cache.resolve(perConnection + "-" + parallel))
                    .withParallel(parallel));
            long start = System.nanoTime();
            hub.files(wanted(files), ProgressListener.NONE);
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static Map<String, Long> partials(Path blobs) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!Files.isDirectory(blobs)) {
            return out;
        }
        try (var list = Files.list(blobs)) {
            for (Path p : list.sorted().toList()) {
                if (p.getFileName().toString().endsWith(".incomplete")) {
                    out.put(p.getFileName().toString(), Files.size(p));
                }
            }
        }
        return out;
    }
}
