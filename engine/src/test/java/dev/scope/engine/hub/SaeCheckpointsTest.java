package dev.scope.engine.hub;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scope.engine.hub.HubTestRepos.SCOPE;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaeCheckpointsTest {
    @TempDir
    Path cache;

    @Test
    void theListingGivesTheLargestTokenCountPerLayerPinnedToItsCommit() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            SaeCheckpoints saes = hub.saeCheckpoints(Source.repo(SCOPE));
            assertEquals(Set.of(2, 5), saes.layers());
            assertEquals(Map.of(2, "2_resid/1000.pt", 5, "5_resid/1000.pt"), saes.files());
            assertEquals(Source.repo(SCOPE, FakeHub.COMMIT), saes.source());
            assertEquals("/api/models/" + SCOPE + "/revision/main", server.requests().get(0).path());
            assertEquals(FakeHub.COMMIT, Files.readString(repoFolder(cache, SCOPE).resolve("refs/main")));

            Path layer2 = hub.file(saes.source(), saes.file(2));
            assertArrayEquals(bytes("tiny-scope/2_resid/1000.pt"), Files.readAllBytes(layer2));
            EntryNotFoundException e = assertThrows(EntryNotFoundException.class, () -> saes.file(8));
            assertTrue(e.getMessage().contains("has no SAE for layer 8; pick one of the layers it has: [2, 5]"),
                    e.getMessage());
        }
    }

    @Test
    void offlineTheLayersComeFromTheCachedSnapshot() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            SaeCheckpoints online = hub.saeCheckpoints(Source.repo(SCOPE));
            hub.file(online.source(), online.file(5));
        }
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        SaeCheckpoints cached = offline.saeCheckpoints(Source.repo(SCOPE));
        assertEquals(Map.of(5, "5_resid/1000.pt"), cached.files());
        assertEquals(Source.repo(SCOPE, FakeHub.COMMIT), cached.source());
        assertArrayEquals(bytes("tiny-scope/5_resid/1000.pt"),
                Files.readAllBytes(offline.file(cached.source(), cached.file(5))));

        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Hub unreachable = new Hub(HubSettings.of(URI.create("http://127.0.0.1:" + closedPort), cache));
        assertEquals(cached, unreachable.saeCheckpoints(Source.repo(SCOPE)));
    }

    @Test
    void aHubThatStaysDownAfterTheRetriesFallsBackToTheCachedSnapshot() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = new Hub(HubTestRepos.quick(server, cache));
            SaeCheckpoints online = hub.saeCheckpoints(Source.repo(SCOPE));
            hub.file(online.source(), online.file(2));

            server.failHub(100, 503);
            assertEquals(Map.of(2, "2_resid/1000.pt"), hub.saeCheckpoints(Source.repo(SCOPE)).files());
            int asked = server.requests().size();
            server.failHub(3, 503);
            assertEquals(Map.of(2, "2_resid/1000.pt", 5, "5_resid/1000.pt"),
                    hub.saeCheckpoints(Source.repo(SCOPE)).files(), "three 503s are waited out");
            assertEquals(asked + 4, server.requests().size());

            server.failHub(100, 502);
            HubResponseException down = assertThrows(HubResponseException.class,
                    () -> new Hub(HubTestRepos.quick(server, cache.resolve("empty"))).listing(Source.repo(SCOPE)));
            assertTrue(down.getMessage().contains("answered HTTP 502") && down.getMessage().contains("try again later"),
                    down.getMessage());
        }
    }

    @Test
    void offlineWithoutASnapshotSaysHowToGetOne() {
        Hub offline = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        NotCachedException e = assertThrows(NotCachedException.class, () -> offline.saeCheckpoints(Source.repo(SCOPE)));
        assertTrue(e.getMessage().startsWith(SCOPE + " (revision main) has no snapshot in the Hugging Face cache"),
                e.getMessage());
        assertTrue(e.getMessage().contains("huggingface-cli download " + SCOPE + "`"), e.getMessage());
    }

    @Test
    void aLocalFolderAndALocalFileWorkLikeTheRepo() throws IOException {
        Hub hub = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), cache).withOffline(true));
        SaeCheckpoints folder = hub.saeCheckpoints(Source.local(Fixtures.saes()));
        assertEquals(Map.of(2, "2_resid/1000.pt", 5, "5_resid/1000.pt"), folder.files());
        assertEquals(Fixtures.saes().resolve("5_resid/1000.pt").toAbsolutePath().normalize(),
                hub.file(folder.source(), folder.file(5)));

        Path one = Fixtures.saes().resolve("2_resid/1000.pt");
        SaeCheckpoints file = hub.saeCheckpoints(Source.local(one));
        assertEquals(Map.of(2, "2_resid/1000.pt"), file.files());
        assertEquals(one.toAbsolutePath().normalize(), hub.file(file.source(), file.file(2)));
    }

    @Test
    void pickKeepsTheLargestTokenCountAndIgnoresOtherFiles() throws IOException {
        Source s = Source.repo(SCOPE);
        SaeCheckpoints saes = SaeCheckpoints.pick(s, List.of("README.md", "22_resid/1200013184.pt",
                "22_resid/99999999.pt", "8_resid/1200013184.pt", "8_resid/notes.txt", "x/8_resid/5.pt",
                "8_mlp/1300000000.pt"));
        assertEquals(Map.of(8, "8_resid/1200013184.pt", 22, "22_resid/1200013184.pt"), saes.files());
        EntryNotFoundException none = assertThrows(EntryNotFoundException.class,
                () -> SaeCheckpoints.pick(s, List.of("README.md")));
        assertTrue(none.getMessage().contains("holds no SAE checkpoints named <layer>_resid/<tokens>.pt"),
                none.getMessage());
    }
}
