package dev.scope.engine.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16's network: cuts, expiring links on a second host, CDN errors, Xet answers. */
class HubResilienceTest {
    private static final String BIG_REPO = "acme/big-scope";
    private static final String BIG = "8_resid/1200013184.pt";
    private static final String MODEL = "model.safetensors";

    @TempDir
    Path cache;

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aFiftyMegabyteFileCutFiveTimesCompletesInOneCallAndPassesItsSha256() throws Exception {
        byte[] big = randomBytes(50 << 20, 16);
        try (FakeHub server = new FakeHub()) {
            server.addBytes(BIG_REPO, Map.of(BIG, big), Set.of(BIG), null, true);
            server.startCdn();
            long cutEvery = 9_000_000;
            server.blobs().cut(5, cutEvery);
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            Path snapshots = repoFolder(cache, BIG_REPO).resolve("snapshots");
            SnapshotWatcher watcher = new SnapshotWatcher(snapshots, big.length);
            watcher.start();
            Path got;
            try {
                got = hub.file(BIG_REPO, BIG);
            } finally {
                watcher.stop();
            }
            assertEquals(FakeHub.sha256(big), FakeHub.sha256(Files.readAllBytes(got)));
            List<String> ranges = server.cdnRequests().stream().map(FakeHub.Request::range).toList();
            List<String> expected = new ArrayList<>();
            expected.add(null);
            for (int i = 1; i <= 5; i++) {
                expected.add("bytes=" + (cutEvery * i) + "-");
            }
            assertEquals(expected, ranges, "one GET and five resumes, each from where the last was cut");
            assertNull(watcher.failure.get(), () -> watcher.failure.get());
            assertTrue(watcher.looks > 0);
            assertFalse(Files.exists(repoFolder(cache, BIG_REPO).resolve("blobs/" + FakeHub.sha256(big) + ".incomplete")));
        }
    }

    /** Polls snapshots/ while a download runs: any file visible there must be the whole file. */
    static final class SnapshotWatcher {
        final AtomicReference<String> failure = new AtomicReference<>();
        private final Path snapshots;
        private final long size;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        volatile int looks;

        SnapshotWatcher(Path snapshots, long size) {
            this.snapshots = snapshots;
            this.size = size;
            this.thread = new Thread(this::watch, "snapshot-watcher");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }

        private void watch() {
            while (running.get()) {
                looks++;
                if (Files.isDirectory(snapshots)) {
                    try (Stream<Path> walk = Files.walk(snapshots)) {
                        walk.filter(p -> !Files.isDirectory(p)).forEach(p -> {
                            try {
                                long seen = Files.isRegularFile(p) ? Files.size(p) : -1;
                                if (seen != size) {
                                    failure.compareAndSet(null, p + " was visible with " + seen + " bytes");
                                }
                            } catch (IOException e) {
                                failure.compareAndSet(null, p + ": " + e);
                            }
                        });
                    } catch (IOException | java.io.UncheckedIOException e) {
                        // the tree changed while walked: look again
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Test
    void anExpiredLinkIsRenewedByAFreshHead() throws IOException {
        byte[] model = bytes("tiny-clip/" + MODEL);
        try (FakeHub server = HubTestRepos.start()) {
            server.startCdn();
            server.blobs().cutNextAfter(300_000);
            AtomicBoolean expired = new AtomicBoolean();
            ProgressListener expireAtFirstChunk = p -> {
                if (expired.compareAndSet(false, true)) {
                    server.blobs().expireLinksSignedSoFar(); // an hour passes while the first bytes arrive
                }
            };
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            Path got = hub.file(Source.repo(CLIP), MODEL, expireAtFirstChunk);
            assertArrayEquals(model, Files.readAllBytes(got));
            assertEquals(2, server.requests().stream().filter(r -> r.method().equals("HEAD")).count(),
                    "the first HEAD, and one for a fresh link");
            assertEquals(2, server.blobs().linksSigned());
            List<FakeHub.Request> atCdn = server.cdnRequests();
            assertEquals(3, atCdn.size(), atCdn.toString()); // cut, refused as expired, resumed with the new link
            assertEquals(atCdn.get(1).range(), atCdn.get(2).range());
            assertTrue(atCdn.get(2).range().startsWith("bytes="), atCdn.toString());
        }
    }

    @Test
    void aLinkAboutToExpireIsRenewedBeforeItIsUsed() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            long lifetime = BlobDownload.LINK_MARGIN.toSeconds() - 10; // valid, but not for long enough
            server.startCdn(FakeBlobs.LinkStyle.CLOUDFRONT, lifetime);
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            assertArrayEquals(bytes("tiny-clip/" + MODEL), Files.readAllBytes(hub.file(CLIP, MODEL)));
            assertEquals(2, server.requests().stream().filter(r -> r.method().equals("HEAD")).count());
            assertEquals(1, server.cdnRequests().size(), "no request went out with the old link");
        }
    }

    @Test
    void aCdnThatRefusesEvenAFreshLinkSaysTheCdnRefusedNotTheToken() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.startCdn();
            server.blobs().refuseAll(true);
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withToken("hf_good"));
            CdnException e = assertThrows(CdnException.class, () -> hub.file(CLIP, MODEL));
            String host = server.cdnEndpoint().getHost();
            assertTrue(e.getMessage().startsWith("The download server " + host + " refused " + CLIP + "/" + MODEL
                    + " (HTTP 403) even with a fresh link from the hub"), e.getMessage());
            assertTrue(e.getMessage().contains("not a token problem"), e.getMessage());
            assertFalse(e.getMessage().contains("HF_TOKEN") || e.getMessage().contains("Signature"), e.getMessage());
            assertEquals(403, e.status());
            assertEquals(2, server.requests().stream().filter(r -> r.method().equals("HEAD")).count());
            assertEquals(2, server.cdnRequests().size());
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("snapshots/" + FakeHub.COMMIT + "/" + MODEL),
                    LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void cdnServerErrorsAreWaitedOutAndNamedAsTheCdnsWhenTheyPersist() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.startCdn();
            server.blobs().fail(3, 503);
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            assertArrayEquals(bytes("tiny-clip/" + MODEL), Files.readAllBytes(hub.file(CLIP, MODEL)));
            assertEquals(4, server.cdnRequests().size());

            server.blobs().fail(100, 500);
            IncompleteDownloadException e = assertThrows(IncompleteDownloadException.class,
                    () -> new Hub(HubTestRepos.quick(server, cache.resolve("other"))).file(CLIP, MODEL));
            assertTrue(e.getMessage().contains("the download server " + server.cdnEndpoint().getHost()
                    + " answered HTTP 500, 6 attempts in a row without progress"), e.getMessage());
        }
    }

    @Test
    void aXetFileIsFetchedThroughItsLinkAndCheckedAgainstItsSha256() throws IOException {
        byte[] data = randomBytes(700_000, 3);
        try (FakeHub server = new FakeHub()) {
            server.addBytes(BIG_REPO, Map.of(BIG, data, "README.md", "# a xet repo\n".getBytes()), Set.of(BIG), null, true);
            server.startCdn();
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            Path got = hub.file(BIG_REPO, BIG);
            assertArrayEquals(data, Files.readAllBytes(got));
            assertEquals(Path.of("../../../blobs/" + FakeHub.sha256(data)), Files.readSymbolicLink(got));
            assertEquals("# a xet repo\n", Files.readString(hub.file(BIG_REPO, "README.md")));

            server.blobs().corrupt(true);
            Hub again = new Hub(HubTestRepos.quick(server, cache.resolve("again")));
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> again.file(BIG_REPO, BIG));
            assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        }
    }
}
