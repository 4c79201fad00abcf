package dev.scope.engine.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.SCOPE;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubDownloadTest {
    @TempDir
    Path cache;

    @Test
    void freshDownloadLaysOutTheCacheLikeHuggingfaceHub() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            Path model = hub.file(CLIP, "model.safetensors");
            Path config = hub.file(CLIP, "config.json");
            Path sae = hub.file(SCOPE, "2_resid/1000.pt");

            byte[] modelBytes = bytes("tiny-clip/model.safetensors");
            byte[] configBytes = bytes("tiny-clip/config.json");
            Path repo = repoFolder(cache, CLIP);
            assertEquals(cache.resolve("models--laion--CLIP-ViT-L-14-laion2B-s32B-b82K"), repo);
            String modelSha = FakeHub.sha256(modelBytes);
            String configSha1 = FakeHub.gitSha1(configBytes);

            assertEquals(repo.resolve("snapshots/" + FakeHub.COMMIT + "/model.safetensors"), model);
            assertTrue(Files.isSymbolicLink(model));
            assertEquals(Path.of("../../blobs/" + modelSha), Files.readSymbolicLink(model));
            assertTrue(Files.isSymbolicLink(config));
            assertEquals(Path.of("../../blobs/" + configSha1), Files.readSymbolicLink(config));
            Path saeLink = Files.readSymbolicLink(sae);
            assertEquals(Path.of("../../../blobs/" + FakeHub.sha256(bytes("tiny-scope/2_resid/1000.pt"))), saeLink);

            assertArrayEquals(modelBytes, Files.readAllBytes(repo.resolve("blobs/" + modelSha)));
            assertArrayEquals(configBytes, Files.readAllBytes(repo.resolve("blobs/" + configSha1)));
            assertArrayEquals(modelBytes, Files.readAllBytes(model));
            assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/main"), StandardCharsets.UTF_8));
            // sorted as filesUnder lists them: the blobs' order follows their hashes, not the file names
            assertEquals(java.util.stream.Stream.of("blobs/" + configSha1, "blobs/" + modelSha, "refs/main",
                    "snapshots/" + FakeHub.COMMIT + "/config.json",
                    "snapshots/" + FakeHub.COMMIT + "/model.safetensors").sorted().toList(), filesUnder(repo));
        }
    }

    @Test
    void headFirstThenGetTheLfsBlobFromTheRedirect() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            HubTestRepos.hub(server, cache).file(CLIP, "model.safetensors");
            List<FakeHub.Request> requests = server.requests();
            assertEquals(2, requests.size(), requests.toString());
            assertEquals("HEAD", requests.get(0).method());
            assertEquals("/" + CLIP + "/resolve/main/model.safetensors", requests.get(0).path());
            assertEquals("GET", requests.get(1).method());
            assertEquals("/blobs/" + FakeHub.sha256(bytes("tiny-clip/model.safetensors")), requests.get(1).path());
        }
    }

    @Test
    void secondCallIsServedFromTheCacheWithoutAnyRequest() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            Path first = hub.file(CLIP, "model.safetensors");
            int before = server.requests().size();
            Path second = HubTestRepos.hub(server, cache).file(CLIP, "model.safetensors");
            assertEquals(first, second);
            assertEquals(before, server.requests().size());
        }
    }

    @Test
    void offlineModeServesCachedFilesThroughRefsMain() throws IOException {
        Path online;
        try (FakeHub server = HubTestRepos.start()) {
            online = HubTestRepos.hub(server, cache).file(CLIP, "config.json");
        }
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        assertEquals(online, offline.file(CLIP, "config.json"));
        assertArrayEquals(bytes("tiny-clip/config.json"), Files.readAllBytes(offline.file(CLIP, "config.json")));
    }

    @Test
    void filesPythonDownloadedAreReusedWithoutAsking() throws IOException {
        byte[] config = bytes("tiny-clip/config.json");
        String commit = "fedcba9876543210fedcba9876543210fedcba98";
        Path repo = repoFolder(cache, CLIP);
        String etag = FakeHub.gitSha1(config);
        Files.createDirectories(repo.resolve("blobs"));
        Files.write(repo.resolve("blobs/" + etag), config);
        Files.createDirectories(repo.resolve("snapshots/" + commit));
        Files.createSymbolicLink(repo.resolve("snapshots/" + commit + "/config.json"), Path.of("../../blobs/" + etag));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);

        try (FakeHub server = HubTestRepos.start()) {
            Path got = HubTestRepos.hub(server, cache).file(CLIP, "config.json");
            assertEquals(repo.resolve("snapshots/" + commit + "/config.json"), got);
            assertEquals(0, server.requests().size());
        }
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        assertArrayEquals(config, Files.readAllBytes(offline.file(Source.repo(CLIP, commit), "config.json")));
    }

    @Test
    void aBlobAlreadyCachedIsLinkedWithoutDownloadingIt() throws IOException {
        byte[] model = bytes("tiny-clip/model.safetensors");
        Path blob = repoFolder(cache, CLIP).resolve("blobs/" + FakeHub.sha256(model));
        Files.createDirectories(blob.getParent());
        Files.write(blob, model);
        try (FakeHub server = HubTestRepos.start()) {
            Path got = HubTestRepos.hub(server, cache).file(CLIP, "model.safetensors");
            assertEquals(Path.of("../../blobs/" + FakeHub.sha256(model)), Files.readSymbolicLink(got));
            assertEquals(List.of("HEAD"), server.requests().stream().map(FakeHub.Request::method).toList());
        }
    }

    @Test
    void offlineAndNotCachedSaysWhichFileAndHowToGetIt() {
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        NotCachedException e = assertThrows(NotCachedException.class, () -> offline.file(CLIP, "model.safetensors"));
        assertEquals(CLIP, e.repoId());
        assertEquals("model.safetensors", e.path());
        assertTrue(e.getMessage().contains("offline mode is on"), e.getMessage());
        assertTrue(e.getMessage().contains("huggingface-cli download " + CLIP + " model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("SCOPE_CLIP"), e.getMessage());
        assertFalse(Files.exists(repoFolder(cache, CLIP)));
    }

    @Test
    void unreachableHubAndNotCachedSaysWhichFileAndHowToGetIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Hub hub = new Hub(HubSettings.of(URI.create("http://127.0.0.1:" + closedPort), cache));
        NotCachedException e = assertThrows(NotCachedException.class, () -> hub.file(SCOPE, "8_resid/1200013184.pt"));
        assertTrue(e.getMessage().startsWith("8_resid/1200013184.pt of " + SCOPE + " (revision main) is not in"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
        assertTrue(e.getMessage().contains("run once online"), e.getMessage());
    }

    @Test
    void aTagIsRecordedUnderRefsAndACommitNeedsNoRef() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            Path repo = repoFolder(cache, CLIP);
            Path byTag = hub.file(Source.repo(CLIP, "v1.0"), "config.json");
            assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/v1.0")));
            assertFalse(Files.exists(repo.resolve("refs/main")));

            Path byPr = hub.file(Source.repo(CLIP, "refs/pr/1"), "preprocessor_config.json");
            List<FakeHub.Request> requests = server.requests();
            assertEquals("HEAD /" + CLIP + "/resolve/refs%2Fpr%2F1/preprocessor_config.json",
                    requests.get(requests.size() - 2).method() + " " + requests.get(requests.size() - 2).path());
            assertEquals("GET /" + CLIP + "/resolve/" + FakeHub.COMMIT + "/preprocessor_config.json",
                    requests.get(requests.size() - 1).method() + " " + requests.get(requests.size() - 1).path(),
                    "the bytes come from the commit the HEAD named, not from a branch that may have moved");
            assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/refs/pr/1")));

            Path byCommit = hub.file(Source.repo(CLIP, FakeHub.COMMIT), "config.json");
            assertEquals(byTag, byCommit);
            assertEquals(byTag.resolveSibling("preprocessor_config.json"), byPr);
            assertEquals(List.of("refs", "v1.0"), listNames(repo.resolve("refs")));
        }
    }

    @Test
    void aRenamedRepoIsFollowedThroughItsRelativeRedirect() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.rename("laion/old-name", CLIP);
            Path got = HubTestRepos.hub(server, cache).file("laion/old-name", "config.json");
            assertArrayEquals(bytes("tiny-clip/config.json"), Files.readAllBytes(got));
            assertEquals("/" + CLIP + "/resolve/main/config.json", server.requests().get(1).path());
        }
    }

    @Test
    void progressReportsBytesTotalAndRateEndingAtTheFullSize() throws IOException {
        long size = bytes("tiny-clip/model.safetensors").length;
        List<TransferProgress> seen = new ArrayList<>();
        try (FakeHub server = HubTestRepos.start()) {
            HubTestRepos.hub(server, cache).file(Source.repo(CLIP), "model.safetensors", seen::add);
        }
        assertFalse(seen.isEmpty());
        TransferProgress last = seen.get(seen.size() - 1);
        assertEquals(size, last.bytesDone());
        assertEquals(size, last.totalBytes());
        assertTrue(last.finished());
        assertEquals(CLIP + "/model.safetensors", last.file());
        assertTrue(last.bytesPerSecond() > 0, "rate " + last.bytesPerSecond());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).bytesDone() >= seen.get(i - 1).bytesDone());
        }
    }

    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
