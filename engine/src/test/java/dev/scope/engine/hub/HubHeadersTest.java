package dev.scope.engine.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.SCOPE;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the hub's headers may not do: be misread, crash the client, or leak into messages. */
class HubHeadersTest {
    private static final String MODEL = "model.safetensors";

    @TempDir
    Path cache;

    /** A header the server got wrong, and the words the one-line error must contain. */
    record Bad(String file, Map<String, String> headers, Set<String> removed, String says) {
    }

    @Test
    void everyUnusableHeaderIsOneLineNamingItAndNothingIsCached() throws IOException {
        List<Bad> cases = List.of(
                new Bad(MODEL, Map.of("Location", "http://[oops"), Set.of(), "redirected to 'http://[oops'"),
                new Bad(MODEL, Map.of("Location", "ftp://files.example/x"), Set.of(), "which is not an http(s) URL"),
                new Bad(MODEL, Map.of("Location", "http:///no-host"), Set.of(), "which is not an http(s) URL"),
                new Bad(MODEL, Map.of("X-Linked-Size", "12abc"), Set.of(), "X-Linked-Size '12abc', which is not a size"),
                new Bad(MODEL, Map.of("X-Linked-Size", "-5"), Set.of(), "X-Linked-Size '-5', which is not a size"),
                new Bad(MODEL, Map.of(), Set.of("X-Linked-Size"), "without the file size (X-Linked-Size on its redirect)"),
                new Bad(MODEL, Map.of("X-Linked-Etag", "\"../../../escape\""), Set.of(), "cannot name a cached file"),
                new Bad("config.json", Map.of("X-Repo-Commit", "main"), Set.of(), "X-Repo-Commit 'main', which is not a 40-character"),
                new Bad("config.json", Map.of("X-Repo-Commit", "../../../../tmp/x0123456789abcdef0123456789abcd"), Set.of(),
                        "which is not a 40-character commit hash"),
                new Bad("config.json", Map.of("X-Repo-Commit", "0123456789ABCDEF0123456789ABCDEF01234567"), Set.of(),
                        "which is not a 40-character commit hash"),
                new Bad("config.json", Map.of("Content-Length", "lots"), Set.of(), "sent an answer that cannot be read"),
                new Bad("config.json", Map.of(), Set.of("X-Repo-Commit"), "answered without X-Repo-Commit"),
                new Bad("config.json", Map.of(), Set.of("ETag"), "answered without an ETag"));
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            for (Bad bad : cases) {
                server.overrideHeaders(bad.headers());
                server.removeHeaders(bad.removed());
                HubResponseException e = assertThrows(HubResponseException.class, () -> hub.file(CLIP, bad.file()),
                        bad.toString());
                assertTrue(e.getMessage().contains(bad.says()), bad + " -> " + e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().endsWith("."), e.getMessage());
            }
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("snapshots")));
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("blobs")));
            assertFalse(Files.exists(cache.getParent().resolve("tmp")));
        }
    }

    @Test
    void aListingWithABadCommitIsRefusedAndNoRefIsWritten() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.overrideHeaders(Map.of("X-Repo-Commit", "../../escape"));
            HubResponseException e = assertThrows(HubResponseException.class,
                    () -> HubTestRepos.hub(server, cache).listing(Source.repo(SCOPE)));
            assertTrue(e.getMessage().contains("names the commit '../../escape', which is not a 40-character commit hash"),
                    e.getMessage());
            assertFalse(Files.exists(repoFolder(cache, SCOPE).resolve("refs")));
        }
    }

    @Test
    void aRefFileThatHoldsNoCommitIsIgnored() throws IOException {
        Path refs = repoFolder(cache, CLIP).resolve("refs");
        Files.createDirectories(refs);
        Files.writeString(refs.resolve("main"), "../../../../etc");
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        assertThrows(NotCachedException.class, () -> offline.file(CLIP, "config.json"));
        try (FakeHub server = HubTestRepos.start()) {
            Path got = HubTestRepos.hub(server, cache).file(CLIP, "config.json");
            assertArrayEquals(bytes("tiny-clip/config.json"), Files.readAllBytes(got));
            assertEquals(FakeHub.COMMIT, Files.readString(refs.resolve("main")), "the bad ref is replaced");
        }
    }

    @Test
    void aFileKeptInGitIsCheckedAgainstItsGitBlobId() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            String wrong = FakeHub.gitSha1("something else".getBytes());
            server.overrideHeaders(Map.of("ETag", "\"" + wrong + "\""));
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                    () -> HubTestRepos.hub(server, cache).file(CLIP, "config.json"));
            assertTrue(e.getMessage().contains("has git blob sha1 " + FakeHub.gitSha1(bytes("tiny-clip/config.json"))
                    + " but the hub announced " + wrong), e.getMessage());
            assertEquals(List.of(), HubDownloadTest.filesUnder(repoFolder(cache, CLIP).resolve("blobs")));
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("snapshots")));
        }
    }

    @Test
    void aFileShorterThanAnnouncedIsNeverCached() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            long real = bytes("tiny-clip/config.json").length;
            server.overrideHeaders(Map.of("Content-Length", Long.toString(real + 10)));
            Hub hub = new Hub(HubTestRepos.quick(server, cache).withRetry(HubTestRepos.QUICK_RETRIES.withRetries(1)));
            // the server announces 10 bytes more than it sends: the client sees a cut connection, retries, gives up
            IncompleteDownloadException e = assertThrows(IncompleteDownloadException.class,
                    () -> hub.file(CLIP, "config.json"));
            assertTrue(e.getMessage().contains("of " + (real + 10) + " bytes"), e.getMessage());
            assertFalse(Files.exists(repoFolder(cache, CLIP).resolve("snapshots")));
        }
    }

    @Test
    void credentialsInTheEndpointNeverAppearInMessages() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HubSettings gone = HubSettings.of(URI.create("http://alice:s3cret@127.0.0.1:" + closedPort), cache);
        assertFalse(gone.toString().contains("s3cret"), gone.toString());
        assertEquals("http://127.0.0.1:" + closedPort, gone.shownEndpoint());
        NotCachedException offline = assertThrows(NotCachedException.class, () -> new Hub(gone).file(CLIP, "config.json"));
        assertFalse(offline.getMessage().contains("s3cret") || offline.getMessage().contains("alice"), offline.getMessage());
        assertTrue(offline.getMessage().contains("the hub at http://127.0.0.1:" + closedPort + " cannot be reached"),
                offline.getMessage());
        NotCachedException listing = assertThrows(NotCachedException.class, () -> new Hub(gone).listing(Source.repo(SCOPE)));
        assertFalse(listing.getMessage().contains("s3cret"), listing.getMessage());

        try (FakeHub server = HubTestRepos.start()) {
            URI withUser = URI.create("http://alice:s3cret@127.0.0.1:" + server.endpoint().getPort());
            Hub hub = new Hub(HubSettings.of(withUser, cache));
            for (IOException e : List.of(
                    assertThrows(RepoNotFoundException.class, () -> hub.file("nobody/nothing", "config.json")),
                    assertThrows(EntryNotFoundException.class, () -> hub.file(CLIP, "nothing.json")))) {
                assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains("alice"), e.getMessage());
            }
            server.blobs().fail(100, 500);
            IncompleteDownloadException e = assertThrows(IncompleteDownloadException.class, () -> new Hub(
                    HubTestRepos.quick(server, cache).withEndpoint(withUser).withRetry(HubTestRepos.QUICK_RETRIES
                            .withRetries(0))).file(CLIP, MODEL));
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void urlsInMessagesLoseTheirCredentialsAndSignatures() {
        assertEquals("https://hub.example/org/name/resolve/main/a.pt",
                HubUrls.shown(URI.create("https://bob:pw@hub.example/org/name/resolve/main/a.pt")));
        assertEquals("https://cdn.example/blobs/abc",
                HubUrls.shown("https://cdn.example/blobs/abc?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA"));
        assertEquals("http://127.0.0.1:8080", HubUrls.origin(URI.create("http://u:p@127.0.0.1:8080/x?y")));
        assertEquals("'a?b'", HubUrls.quoted("a\nb"));
    }

    @Test
    void aPartialDownloadIsPrivateAndTheFinishedBlobSharedLikeAnyNewFile() throws IOException {
        Set<PosixFilePermission> fresh;
        Path probe = Files.createFile(cache.resolve("probe"));
        fresh = Files.getPosixFilePermissions(probe);
        try (FakeHub server = HubTestRepos.start()) {
            server.blobs().cutNextAfter(300_000);
            Hub once = new Hub(HubTestRepos.quick(server, cache).withRetry(HubTestRepos.QUICK_RETRIES.withRetries(0)));
            assertThrows(IncompleteDownloadException.class, () -> once.file(CLIP, MODEL));
            Path blobs = repoFolder(cache, CLIP).resolve("blobs");
            Path part = blobs.resolve(FakeHub.sha256(bytes("tiny-clip/" + MODEL)) + ".incomplete");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(part, LinkOption.NOFOLLOW_LINKS));

            Path got = HubTestRepos.hub(server, cache).file(CLIP, MODEL);
            assertEquals(fresh, Files.getPosixFilePermissions(got), "readable by whoever shares the cache");
            assertEquals(fresh, Files.getPosixFilePermissions(repoFolder(cache, CLIP).resolve("refs/main")));
            try (Stream<Path> left = Files.list(blobs)) {
                assertEquals(List.of(got.toRealPath().getFileName().toString()),
                        left.map(p -> p.getFileName().toString()).toList(), "no temporary or probe files stay");
            }
        }
    }

    @Test
    void aSymlinkPlantedAsThePartialFileIsReplacedNotWrittenThrough() throws IOException {
        Path victim = cache.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        byte[] model = bytes("tiny-clip/" + MODEL);
        Path blobs = repoFolder(cache, CLIP).resolve("blobs");
        Files.createDirectories(blobs);
        Files.createSymbolicLink(blobs.resolve(FakeHub.sha256(model) + ".incomplete"), victim);
        try (FakeHub server = HubTestRepos.start()) {
            assertArrayEquals(model, Files.readAllBytes(HubTestRepos.hub(server, cache).file(CLIP, MODEL)));
        }
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void presignedLinksSayWhenTheyExpireByTheServersOwnClock() {
        Instant now = Instant.parse("2030-01-01T12:00:00Z");
        URI xet = URI.create("https://cas-bridge.example/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250101T000000Z"
                + "&X-Amz-Expires=3600&X-Amz-Signature=ab");
        assertEquals(now.plusSeconds(3600), PresignedLink.expiry(xet, null, now), "signed 'now' by the server's clock");
        assertEquals(now.plusSeconds(600), PresignedLink.expiry(xet, Instant.parse("2025-01-01T00:50:00Z"), now));
        URI cloudFront = URI.create("https://cdn.example/x?Expires=1735693200&Signature=ab&Key-Pair-Id=K");
        assertEquals(now.plusSeconds(1800), PresignedLink.expiry(cloudFront, Instant.parse("2025-01-01T00:30:00Z"), now));
        assertNull(PresignedLink.expiry(URI.create("https://cdn.example/x"), null, now));
        assertNull(PresignedLink.expiry(URI.create("https://cdn.example/x?X-Amz-Date=yesterday&X-Amz-Expires=60"), null, now));
        assertNull(PresignedLink.expiry(URI.create("https://cdn.example/x?Expires=soon"), null, now));
    }
}
