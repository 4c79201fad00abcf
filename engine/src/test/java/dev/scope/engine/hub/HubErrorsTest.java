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

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.bytes;
import static dev.scope.engine.hub.HubTestRepos.repoFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubErrorsTest {
    private static final String GATED = "acme/gated-model";

    @TempDir
    Path cache;

    @Test
    void anUnknownRepoIsNamed() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            RepoNotFoundException e = assertThrows(RepoNotFoundException.class, () -> hub.file("nobody/nothing", "config.json"));
            assertEquals("nobody/nothing", e.repoId());
            assertTrue(e.getMessage().startsWith("There is no repository nobody/nothing on " + server.endpoint()),
                    e.getMessage());
            assertThrows(RepoNotFoundException.class, () -> hub.listing(Source.repo("nobody/nothing")));
            assertFalse(Files.exists(repoFolder(cache, "nobody/nothing")));
        }
    }

    @Test
    void anUnknownRevisionIsNamed() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            RevisionNotFoundException e = assertThrows(RevisionNotFoundException.class,
                    () -> hub.file(Source.repo(CLIP, "v9.9"), "config.json"));
            assertEquals("v9.9", e.revision());
            assertTrue(e.getMessage().contains("has no revision 'v9.9'"), e.getMessage());
            assertThrows(RevisionNotFoundException.class, () -> hub.listing(Source.repo(CLIP, "v9.9")));
        }
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            EntryNotFoundException e = assertThrows(EntryNotFoundException.class,
                    () -> hub.file(CLIP, "pytorch_model.bin"));
            assertEquals("pytorch_model.bin", e.path());
            assertTrue(e.getMessage().startsWith("Repository " + CLIP + " has no file pytorch_model.bin at revision main"),
                    e.getMessage());
        }
    }

    @Test
    void aGatedRepoAsksForHfToken() throws IOException {
        try (FakeHub server = new FakeHub()) {
            server.add(GATED, Map.of("config.json", Fixtures.clip().resolve("config.json")), Set.of(), "hf_good");
            HubAccessDeniedException noToken = assertThrows(HubAccessDeniedException.class,
                    () -> HubTestRepos.hub(server, cache).file(GATED, "config.json"));
            assertEquals(401, noToken.status());
            assertTrue(noToken.getMessage().contains("set HF_TOKEN"), noToken.getMessage());

            Hub wrong = new Hub(HubSettings.of(server.endpoint(), cache).withToken("hf_bad"));
            HubAccessDeniedException badToken = assertThrows(HubAccessDeniedException.class,
                    () -> wrong.file(GATED, "config.json"));
            assertEquals(403, badToken.status());
            assertTrue(badToken.getMessage().contains("was not accepted"), badToken.getMessage());

            Hub right = new Hub(HubSettings.of(server.endpoint(), cache).withToken("hf_good"));
            assertArrayEquals(bytes("tiny-clip/config.json"), Files.readAllBytes(right.file(GATED, "config.json")));
        }
    }

    @Test
    void theTokenGoesToTheHubButNotToTheCdn() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            server.startCdn();
            Hub hub = new Hub(HubSettings.of(server.endpoint(), cache).withToken("hf_secret"));
            Path model = hub.file(CLIP, "model.safetensors");
            assertArrayEquals(bytes("tiny-clip/model.safetensors"), Files.readAllBytes(model));

            List<FakeHub.Request> atHub = server.requests();
            assertEquals(1, atHub.size());
            assertEquals("Bearer hf_secret", atHub.get(0).authorization());
            List<FakeHub.Request> atCdn = server.cdnRequests();
            assertEquals(1, atCdn.size());
            assertTrue(atCdn.get(0).path().startsWith("/blobs/"));
            assertNull(atCdn.get(0).authorization());
        }
    }

    @Test
    void theTokenIsKeptForABlobOnTheHubsOwnOrigin() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            new Hub(HubSettings.of(server.endpoint(), cache).withToken("hf_secret")).file(CLIP, "model.safetensors");
            List<FakeHub.Request> requests = server.requests();
            assertEquals(2, requests.size());
            assertEquals("Bearer hf_secret", requests.get(1).authorization());
            assertTrue(requests.get(1).path().startsWith("/blobs/"));
        }
    }

    @Test
    void sameOriginMeansSchemeHostAndPort() {
        URI hub = URI.create("https://huggingface.co");
        assertTrue(HubHttp.sameOrigin(URI.create("https://HuggingFace.co:443/x/resolve/main/a"), hub));
        assertFalse(HubHttp.sameOrigin(URI.create("https://cdn-lfs.huggingface.co/repos/x"), hub));
        assertFalse(HubHttp.sameOrigin(URI.create("http://huggingface.co/x"), hub));
        assertFalse(HubHttp.sameOrigin(URI.create("https://huggingface.co:8443/x"), hub));
        assertFalse(HubHttp.sameOrigin(URI.create("http://127.0.0.1:5001/b"), URI.create("http://127.0.0.1:5000")));
    }

    @Test
    void urlsAreEncodedLikeHuggingfaceHub() {
        Hub unused = new Hub(HubSettings.of(URI.create("https://hub.example/"), cache));
        HubHttp http = new HubHttp(unused.settings());
        assertEquals(URI.create("https://hub.example/org/name/resolve/refs%2Fpr%2F1/2_resid/a%20b.pt"),
                http.resolveUrl(Source.repo("org/name", "refs/pr/1"), "2_resid/a b.pt"));
        assertEquals(URI.create("https://hub.example/api/models/org/name/revision/main"),
                http.listingUrl(Source.repo("org/name")));
    }

    @Test
    void pathsOutsideTheRepoAreRefused() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            for (String bad : List.of("../../etc/passwd", "/abs.json", "a//b", "a\\b", "")) {
                InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> hub.file(CLIP, bad));
                assertTrue(e.getMessage().contains("is not a file path inside a repository"), e.getMessage());
            }
            assertEquals(0, server.requests().size());
        }
    }
}
