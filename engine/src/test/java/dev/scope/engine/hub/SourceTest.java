package dev.scope.engine.hub;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceTest {
    @TempDir
    Path tmp;

    @Test
    void repoIdsAndRevisionsParseAsHubRepos() {
        assertEquals(new Source.Repo(WeightSources.CLIP_REPO, "main"), Source.parse(WeightSources.CLIP_REPO));
        assertEquals(new Source.Repo("lewington/CLIP-ViT-L-scope", "v1.0"),
                Source.parse(" lewington/CLIP-ViT-L-scope@v1.0 "));
        Source.Repo pinned = (Source.Repo) Source.parse("org/name@0123456789abcdef0123456789abcdef01234567");
        assertTrue(pinned.pinned());
        assertFalse(Source.repo("org/name").pinned());
        assertEquals("org/name@v1", Source.repo("org/name", "v1").toString());
        assertEquals("org/name", Source.repo("org/name").toString());
    }

    @Test
    void pathsParseAsLocal() throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(new Source.Local(Path.of("/opt/weights")), Source.parse("/opt/weights"));
        assertEquals(new Source.Local(Path.of("x")), Source.parse("./x"));
        assertEquals(new Source.Local(Path.of("../x")), Source.parse("../x"));
        assertEquals(new Source.Local(home.resolve("w")), Source.parse("~/w"));
        assertEquals(home.toAbsolutePath().normalize(), ((Source.Local) Source.parse("~")).path());
        // an existing relative path in org/name form is local: the path wins
        Path existing = Fixtures.root().resolve("tiny-scope/2_resid");
        assertTrue(Source.parse(existing.toString()) instanceof Source.Local);
        Path relative = Path.of("").toAbsolutePath().relativize(existing.toAbsolutePath());
        assertEquals(new Source.Local(existing), Source.parse(relative.toString()));
    }

    @Test
    void anythingElseIsAClearError() {
        for (String bad : List.of("", "  ", "just-a-name", "a/b/c", "org/na me", "org--x/name", "org/name@",
                "-org/name")) {
            InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> Source.parse(bad));
            assertTrue(e.getMessage().contains("repo id"), e.getMessage());
        }
        assertThrows(InvalidSourceException.class, () -> Source.repo("org/name", "../escape"));
    }

    @Test
    void aLocalFolderServesItsFilesAndNamesWhatIsMissing() throws IOException {
        Hub hub = new Hub(HubSettings.of(URI.create("http://127.0.0.1:9"), tmp.resolve("cache")).withOffline(true));
        Source clip = Source.local(Fixtures.clip());
        assertEquals(Fixtures.clip().resolve("config.json").toAbsolutePath().normalize(), hub.file(clip, "config.json"));
        EntryNotFoundException e = assertThrows(EntryNotFoundException.class, () -> hub.file(clip, "missing.json"));
        assertTrue(e.getMessage().startsWith("There is no file missing.json in "), e.getMessage());

        Source model = Source.local(Fixtures.clip().resolve("model.safetensors"));
        assertEquals(Fixtures.clip().resolve("model.safetensors").toAbsolutePath().normalize(),
                hub.file(model, "model.safetensors"));
        assertEquals(Fixtures.clip().resolve("preprocessor_config.json").toAbsolutePath().normalize(),
                hub.file(model, "preprocessor_config.json"));
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void weightSourcesDefaultToThePublishedRepos() {
        WeightSources d = WeightSources.defaults();
        assertEquals(Source.repo("laion/CLIP-ViT-L-14-laion2B-s32B-b82K"), d.clip());
        assertEquals(Source.repo("lewington/CLIP-ViT-L-scope"), d.saes());
        assertEquals("8_resid/1200013184.pt", WeightSources.scopeFile(8));
        assertEquals(List.of(2, 5, 8, 11, 14, 17, 20, 22), WeightSources.SCOPE_LAYERS);

    }
}
