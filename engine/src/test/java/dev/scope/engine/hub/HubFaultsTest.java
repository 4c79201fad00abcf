package dev.scope.engine.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubFaultsTest {
    private static final String MODEL = "model.safetensors";

    @TempDir
    Path cache;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // never leak a test's interrupt into the next one
    }

    private byte[] model() throws IOException {
        return bytes("tiny-clip/" + MODEL);
    }

    private Path blobs() {
        return repoFolder(cache, CLIP).resolve("blobs");
    }

    private Path incomplete() throws IOException {
        return blobs().resolve(FakeHub.sha256(model()) + ".incomplete");
    }

    private Path pointer() {
        return repoFolder(cache, CLIP).resolve("snapshots/" + FakeHub.COMMIT + "/" + MODEL);
    }

    @Test
    void aCutTransferWithoutRetriesKeepsTheIncompleteFileAndTheNextCallResumesWithRange() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = new Hub(HubSettings.of(server.endpoint(), cache).withRetry(RetryPolicy.DEFAULT.withRetries(0)));
            server.blobs().cutNextAfter(500_000);
            IncompleteDownloadException cut = assertThrows(IncompleteDownloadException.class, () -> hub.file(CLIP, MODEL));
            assertTrue(cut.getMessage().contains("ask for the file again to resume"), cut.getMessage());
            long kept = Files.size(incomplete());
            assertTrue(kept > 0 && kept <= 500_000, "kept " + kept);
            assertFalse(Files.exists(blobs().resolve(FakeHub.sha256(model()))));
            assertFalse(Files.exists(pointer(), java.nio.file.LinkOption.NOFOLLOW_LINKS));

            Path done = hub.file(CLIP, MODEL);
            List<FakeHub.Request> requests = server.requests();
            assertEquals("bytes=" + kept + "-", requests.get(requests.size() - 1).range());
            assertArrayEquals(model(), Files.readAllBytes(done));
            assertFalse(Files.exists(incomplete()));
        }
    }

    @Test
    void aWrongChecksumIsAnErrorAndLeavesNothingInBlobsOrSnapshots() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().corrupt(true);
            Hub hub = HubTestRepos.hub(server, cache);
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> hub.file(CLIP, MODEL));
            assertTrue(e.getMessage().contains(FakeHub.sha256(model())), e.getMessage());
            assertEquals(List.of(), HubDownloadTest.filesUnder(blobs()));
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("snapshots/" + FakeHub.COMMIT + "/" + MODEL),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS));

            server.blobs().corrupt(false);
            assertArrayEquals(model(), Files.readAllBytes(hub.file(CLIP, MODEL)));
        }
    }

    @Test
    void anInterruptCancelsBetweenChunksAndTheNextCallResumes() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            ProgressListener interruptAtFirstChunk = p -> Thread.currentThread().interrupt();
            assertThrows(DownloadCancelledException.class,
                    () -> hub.file(Source.repo(CLIP), MODEL, interruptAtFirstChunk));
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
            long kept = Files.size(incomplete());
            assertTrue(kept > 0 && kept < model().length, "kept " + kept);
            assertFalse(Files.exists(blobs().resolve(FakeHub.sha256(model()))));
            assertFalse(Files.exists(pointer(), java.nio.file.LinkOption.NOFOLLOW_LINKS));

            assertArrayEquals(model(), Files.readAllBytes(hub.file(CLIP, MODEL)));
            List<FakeHub.Request> requests = server.requests();
            assertEquals("bytes=" + kept + "-", requests.get(requests.size() - 1).range());
        }
    }

    @Test
    void anInterruptFromAnotherThreadCancelsAWaitingTransfer() throws Exception {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().stallAfter(200_000, 20_000);
            Hub hub = HubTestRepos.hub(server, cache);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread downloader = new Thread(() -> {
                try {
                    hub.file(CLIP, MODEL);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            downloader.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((!Files.exists(incomplete()) || Files.size(incomplete()) < 200_000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            downloader.interrupt();
            downloader.join(5_000);
            assertFalse(downloader.isAlive());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "the cancel took effect at once");
            assertInstanceOf(DownloadCancelledException.class, thrown.get());
            assertEquals(200_000, Files.size(incomplete()));
            assertFalse(Files.exists(pointer(), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aStalledTransferWithoutRetriesIsGivenUpAndKeepsWhatArrived() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().stallAfter(200_000, 5_000);
            Hub hub = new Hub(HubSettings.of(server.endpoint(), cache).withStallTimeout(Duration.ofMillis(300))
                    .withRetry(RetryPolicy.DEFAULT.withRetries(0)));
            long start = System.nanoTime();
            IncompleteDownloadException e = assertThrows(IncompleteDownloadException.class, () -> hub.file(CLIP, MODEL));
            assertTrue(System.nanoTime() - start < 3_000_000_000L);
            assertTrue(e.getMessage().contains("no data arrived"), e.getMessage());
            assertEquals(200_000, Files.size(incomplete()));
        }
    }

    @Test
    void aLinkThatStallsAgainAndAgainStillCompletesInOneCall() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().stallAfter(200_000, 5_000); // every GET stalls after 200 kB of its body
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withStallTimeout(Duration.ofMillis(200)));
            Path got = hub.file(CLIP, MODEL);
            assertArrayEquals(model(), Files.readAllBytes(got));
            List<String> ranges = server.requests().stream().filter(r -> r.path().startsWith("/blobs/"))
                    .map(FakeHub.Request::range).toList();
            int expected = (model().length + 199_999) / 200_000;
            assertEquals(expected, ranges.size(), ranges.toString());
            for (int i = 1; i < ranges.size(); i++) {
                assertEquals("bytes=" + (200_000L * i) + "-", ranges.get(i));
            }
        }
    }

    @Test
    void failuresWithoutProgressEndAfterTheNamedNumberOfRetries() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().fail(100, 502);
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withRetry(HubTestRepos.QUICK_RETRIES.withRetries(2)));
            IncompleteDownloadException e = assertThrows(IncompleteDownloadException.class, () -> hub.file(CLIP, MODEL));
            assertTrue(e.getMessage().contains("the hub answered HTTP 502, 3 attempts in a row without progress"),
                    e.getMessage());
            assertEquals(3, server.requests().stream().filter(r -> r.path().startsWith("/blobs/")).count());
        }
    }

    @Test
    void aSlowButSteadyTransferOutlivesTheRequestTimeout() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().throttle(40); // 17 chunks: about 0.7 s in all, each within the 200 ms limits
            HubSettings quick = new HubSettings(server.endpoint(), cache, null, false, Duration.ofMillis(200),
                    Duration.ofMillis(200));
            Path sae = new Hub(quick).file(HubTestRepos.SCOPE, "2_resid/1000.pt");
            assertArrayEquals(bytes("tiny-scope/2_resid/1000.pt"), Files.readAllBytes(sae));
        }
    }

    @Test
    void twoThreadsAskingForTheSameFileDownloadItOnce() throws Exception {
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().throttle(2);
            Hub hub = HubTestRepos.hub(server, cache);
            AtomicReference<Object> a = new AtomicReference<>();
            AtomicReference<Object> b = new AtomicReference<>();
            Thread ta = new Thread(() -> a.set(fileOrError(hub)));
            Thread tb = new Thread(() -> b.set(fileOrError(hub)));
            ta.start();
            tb.start();
            ta.join(10_000);
            tb.join(10_000);
            assertEquals(pointer(), a.get());
            assertEquals(pointer(), b.get());
            assertArrayEquals(model(), Files.readAllBytes(pointer()));
            assertEquals(1, server.requests().stream().filter(r -> r.path().startsWith("/blobs/")).count());
        }
    }

    private static Object fileOrError(Hub hub) {
        try {
            return hub.file(CLIP, MODEL);
        } catch (IOException e) {
            return e;
        }
    }
}
