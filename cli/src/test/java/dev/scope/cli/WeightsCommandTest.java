package dev.scope.cli;

import com.sun.net.httpserver.HttpServer;
import dev.scope.engine.Fixtures;
import dev.scope.engine.hub.WeightSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class WeightsCommandTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    record Run(int status, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(Map<String, String> env, Path home, String... argv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = WeightsCommand.run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8), env, home);
        return new Run(status, out.toString(StandardCharsets.UTF_8));
    }

    /** A Hugging Face cache holding the fixtures under the real repo names, as huggingface_hub lays it out. */
    static Path seededCache(Path dir) throws IOException {
        Path cache = dir.resolve("hub");
        seed(cache, WeightSources.CLIP_REPO, Fixtures.clip(), List.of("config.json", "preprocessor_config.json",
                "model.safetensors"));
        seed(cache, WeightSources.SCOPE_REPO, Fixtures.saes(), List.of("2_resid/1000.pt", "5_resid/1000.pt"));
        return cache;
    }

    static void seed(Path cache, String repo, Path from, List<String> files) throws IOException {
        Path folder = cache.resolve("models--" + repo.replace("/", "--"));
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), COMMIT);
        for (String file : files) {
            Path pointer = folder.resolve("snapshots").resolve(COMMIT).resolve(file);
            Files.createDirectories(pointer.getParent());
            Files.createSymbolicLink(pointer, from.resolve(file).toAbsolutePath());
        }
    }

    static Map<String, String> env(Path cache, boolean offline) {
        Map<String, String> env = new HashMap<>();
        env.put("HF_HUB_CACHE", cache.toString());
        if (offline) {
            env.put("HF_HUB_OFFLINE", "1");
        }
        return env;
    }

    @Test
    void localFoldersWithEveryLayerAreAllHere(@TempDir Path dir) throws IOException {
        Map<String, String> env = env(dir.resolve("empty"), true);
        env.put("SCOPE_CLIP", Fixtures.clip().toAbsolutePath().toString());
        env.put("SCOPE_SAES", Fixtures.saes().toAbsolutePath().toString());
        Run report = run(env, dir, "--layers", "2,5");
        assertEquals(0, report.status(), report.out());
        assertEquals(5, report.lines().stream().filter(l -> l.startsWith("here ")).count(), report.out());
        assertTrue(report.out().contains(Fixtures.saes().toAbsolutePath().resolve("5_resid/1000.pt").toString()), report.out());
        assertEquals("local", run(env, dir, "--layers", "2,5", "--probe").out().strip());
        assertEquals("local", run(env, dir, "--layers", "all", "--probe").out().strip());
    }

    @Test
    void aLayerTheLocalFolderLacksIsNamedWithTheLayersItHas(@TempDir Path dir) {
        Map<String, String> env = env(dir.resolve("empty"), true);
        env.put("SCOPE_CLIP", Fixtures.clip().toAbsolutePath().toString());
        env.put("SCOPE_SAES", Fixtures.saes().toAbsolutePath().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(env, dir, "--layers", "22"));
        assertEquals("Layer 22 is not among the layers with an SAE in " + Fixtures.saes().toAbsolutePath()
                + " [2, 5]; pick one of those.", e.getMessage());
    }

    @Test
    void aSeededCacheServesTheRealRepoNamesOffline(@TempDir Path dir) throws IOException {
        Map<String, String> env = env(seededCache(dir), true);
        assertEquals("local", run(env, dir, "--layers", "2", "--probe").out().strip());
        assertEquals("local", run(env, dir, "--layers", "(2,'resid')", "--probe").out().strip(), "any layer spelling");
        Run missing22 = run(env, dir, "--layers", "22");
        assertEquals(1, missing22.status());
        assertTrue(missing22.lines().contains("missing  " + WeightSources.SCOPE_REPO + " " + WeightSources.scopeFile(22)),
                missing22.out());
        assertEquals(3, missing22.lines().stream().filter(l -> l.startsWith("here ")).count(), missing22.out());
        assertEquals("none", run(env, dir, "--layers", "22", "--probe").out().strip());
        env.put("SCOPE_LAYERS", "5");
        assertEquals("local", run(env, dir, "--probe").out().strip(), "SCOPE_LAYERS is the default layer list");
        assertEquals("none", run(env, dir, "--probe", "--layers", "22").out().strip(), "--layers wins over SCOPE_LAYERS");
    }

    @Test
    void anEmptyCacheOfflineSaysWhatIsMissingAndHowToFetchIt(@TempDir Path dir) throws IOException {
        Map<String, String> env = env(dir.resolve("empty"), true);
        Run report = run(env, dir);
        assertEquals(1, report.status());
        assertEquals(List.of("missing  " + WeightSources.CLIP_REPO + " config.json",
                "missing  " + WeightSources.CLIP_REPO + " preprocessor_config.json",
                "missing  " + WeightSources.CLIP_REPO + " model.safetensors",
                "missing  " + WeightSources.SCOPE_REPO + " " + WeightSources.scopeFile(22)),
                report.lines().subList(0, 4));
        assertTrue(report.lines().get(4).startsWith("4 of 4 files are missing; run ./scope weights --fetch"),
                report.out());
        assertEquals("none", run(env, dir, "--probe").out().strip());
        assertEquals(8 + 3, run(env, dir, "--layers", "all").lines().stream()
                .filter(l -> l.startsWith("missing ")).count());
    }

    @Test
    void aHubThatAnswersMakesTheProbeSayHub(@TempDir Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = env(dir.resolve("empty"), false);
            env.put("HF_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
            assertEquals("hub", run(env, dir, "--probe").out().strip());
        } finally {
            server.stop(0);
        }
        Map<String, String> gone = env(dir.resolve("empty"), false);
        gone.put("HF_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
        gone.put("HF_HUB_ETAG_TIMEOUT", "2");
        assertEquals("none", run(gone, dir, "--probe").out().strip());
    }

    @Test
    void fetchAndProbeTogetherAreRefused(@TempDir Path dir) {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> run(env(dir, true), dir, "--fetch", "--probe"));
        assertEquals("Give --fetch or --probe, not both.", e.getMessage());
    }
}
