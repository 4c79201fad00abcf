package dev.scope.cli;

import com.sun.net.httpserver.HttpServer;
import dev.scope.engine.Fixtures;
import dev.scope.engine.hub.FakeHub;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        seed(cache, WeightSources.CLIP_REPO, Fixtures.clip(), WeightSources.CLIP_FILES);
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
        assertEquals(6, report.lines().stream().filter(l -> l.startsWith("here ")).count(), report.out());
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
        assertEquals(4, missing22.lines().stream().filter(l -> l.startsWith("here ")).count(), missing22.out());
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
                "missing  " + WeightSources.CLIP_REPO + " tokenizer.json",
                "missing  " + WeightSources.CLIP_REPO + " model.safetensors",
                "missing  " + WeightSources.SCOPE_REPO + " " + WeightSources.scopeFile(22)),
                report.lines().subList(0, 5));
        assertTrue(report.lines().get(5).startsWith("5 of 5 files are missing; run ./scope weights --fetch"),
                report.out());
        assertEquals("none", run(env, dir, "--probe").out().strip());
        assertEquals(8 + 4, run(env, dir, "--layers", "all").lines().stream()
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

    private static final String OTHER = "acme/other-scope";

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A hub with CLIP (the fixture) and {@code saeRepo} holding {@code saeFiles}, large files behind a CDN. */
    static FakeHub hubWith(String saeRepo, Map<String, byte[]> saeFiles) throws IOException {
        FakeHub hub = new FakeHub();
        Map<String, byte[]> clip = new TreeMap<>();
        for (String f : WeightSources.CLIP_FILES) {
            clip.put(f, Files.readAllBytes(Fixtures.clip().resolve(f)));
        }
        hub.addBytes(WeightSources.CLIP_REPO, clip, Set.of("model.safetensors"), null, false);
        Set<String> lfs = new java.util.TreeSet<>(saeFiles.keySet());
        lfs.removeIf(f -> !f.endsWith(".pt"));
        hub.addBytes(saeRepo, saeFiles, lfs, null, true);
        hub.startCdn();
        return hub;
    }

    static Map<String, String> online(Path cache, FakeHub hub) {
        Map<String, String> env = env(cache, false);
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        return env;
    }

    @Test
    void aRepoWhoseCheckpointsHaveOtherNamesIsListedAndFetchedFromItsListing(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>(Map.of("1_resid/1000.pt", random(50_000, 1),
                "3_resid/500.pt", random(40_000, 2), "3_resid/2000.pt", random(60_000, 3),
                "README.md", "# other\n".getBytes()));
        Path cache = dir.resolve("hub");
        try (FakeHub hub = hubWith(OTHER, files)) {
            Map<String, String> env = online(cache, hub);
            Run report = run(env, dir, "--saes", OTHER, "--layers", "all");
            assertEquals(1, report.status(), report.out());
            assertTrue(report.lines().contains("missing  " + OTHER + " 1_resid/1000.pt"), report.out());
            assertTrue(report.lines().contains("missing  " + OTHER + " 3_resid/2000.pt"), report.out());
            assertFalse(report.out().contains("1200013184"), report.out());

            IllegalArgumentException noLayer = assertThrows(IllegalArgumentException.class,
                    () -> run(env, dir, "--saes", OTHER, "--layers", "22"));
            assertEquals("Layer 22 is not among the layers with an SAE in " + OTHER + " [1, 3]; pick one of those.",
                    noLayer.getMessage());

            Run fetched = run(env, dir, "--saes", OTHER, "--layers", "1,3", "--fetch");
            assertEquals(0, fetched.status(), fetched.out());
            assertTrue(fetched.out().contains("Fetched 6 files"), fetched.out());
        }
        Map<String, String> offline = env(cache, true);
        Run after = run(offline, dir, "--saes", OTHER, "--layers", "1,3");
        assertEquals(0, after.status(), after.out());
        assertEquals(6, after.lines().stream().filter(l -> l.startsWith("here ")).count(), after.out());
        assertTrue(after.lines().contains("here     " + OTHER + " 3_resid/2000.pt"), after.out());
    }

    @Test
    void fetchingAllLayersShowsOneProgressDisplayForEveryFile(@TempDir Path dir) throws IOException {
        Map<String, byte[]> layers = new TreeMap<>();
        for (int layer : WeightSources.SCOPE_LAYERS) {
            layers.put(WeightSources.scopeFile(layer), random(200_000, layer));
        }
        try (FakeHub hub = hubWith(WeightSources.SCOPE_REPO, layers)) {
            hub.blobs().throttleLink(8_000_000, 2_000_000, 5);
            hub.blobs().cut(3, 150_000);
            Map<String, String> env = online(dir.resolve("hub"), hub);
            Run fetched = run(env, dir, "--layers", "all", "--fetch");
            assertEquals(0, fetched.status(), fetched.out());
            List<String> lines = fetched.lines();
            assertEquals(1, lines.stream().filter(l -> l.startsWith("Fetching ")).count(), fetched.out());
            assertTrue(lines.contains("Fetching 12 files, up to 3 at a time (Ctrl-C stops; the next --fetch resumes):"),
                    fetched.out());
            Pattern progress = Pattern.compile("\\s+(\\d+)%  (.+) of (.+)  (.+)/s  (.+)");
            List<Matcher> shown = lines.stream().map(progress::matcher).filter(Matcher::matches).toList();
            assertTrue(shown.size() >= 2, fetched.out());
            assertEquals(1, shown.stream().map(m -> m.group(3)).distinct().count(), "one total: " + fetched.out());
            assertEquals("100", shown.get(shown.size() - 1).group(1), fetched.out());
            assertEquals("done", shown.get(shown.size() - 1).group(5), fetched.out());
            assertTrue(shown.stream().anyMatch(m -> m.group(5).endsWith(" left")), fetched.out());
            assertTrue(lines.get(lines.size() - 1).matches("Fetched 12 files \\([0-9.]+ MB\\) into .+ in .+ s\\."),
                    fetched.out());
            assertEquals("local", run(env, dir, "--layers", "all", "--probe").out().strip());
        }
    }

    /** A cache laid out by hand exactly as huggingface_hub lays it: blobs named by hash, relative symlinks, refs. */
    @Test
    void aCacheLaidOutLikeHuggingfaceHubsIsReadAndTheOneFetchWritesIsLaidOutTheSame(@TempDir Path dir)
            throws IOException {
        Path cache = dir.resolve("python-hub");
        String commit = "fedcba9876543210fedcba9876543210fedcba98";
        Map<String, byte[]> clip = new TreeMap<>();
        for (String f : WeightSources.CLIP_FILES) {
            clip.put(f, Files.readAllBytes(Fixtures.clip().resolve(f)));
        }
        layOutLikeHuggingfaceHub(cache, WeightSources.CLIP_REPO, commit, clip, Set.of("model.safetensors"));
        byte[] sae = Files.readAllBytes(Fixtures.saes().resolve("2_resid/1000.pt"));
        layOutLikeHuggingfaceHub(cache, WeightSources.SCOPE_REPO, commit, Map.of("2_resid/1000.pt", sae),
                Set.of("2_resid/1000.pt"));
        Run read = run(env(cache, true), dir, "--layers", "2");
        assertEquals(0, read.status(), read.out());
        assertEquals(5, read.lines().stream().filter(l -> l.startsWith("here ")).count(), read.out());

        Path ours = dir.resolve("scope-hub");
        Map<String, byte[]> layers = Map.of("2_resid/1000.pt", sae);
        try (FakeHub hub = hubWith(WeightSources.SCOPE_REPO, layers)) {
            assertEquals(0, run(online(ours, hub), dir, "--layers", "2", "--fetch").status());
        }
        assertEquals(List.of(Path.of("models--laion--CLIP-ViT-L-14-laion2B-s32B-b82K"),
                Path.of("models--lewington--CLIP-ViT-L-scope")), repoFolders(ours));
        for (String repo : List.of(WeightSources.CLIP_REPO, WeightSources.SCOPE_REPO)) {
            Map<String, byte[]> files = repo.equals(WeightSources.CLIP_REPO) ? clip : layers;
            Set<String> lfs = repo.equals(WeightSources.CLIP_REPO) ? Set.of("model.safetensors") : files.keySet();
            assertEquals(expectedLayout(FakeHub.COMMIT, files, lfs), layout(ours.resolve(folder(repo))), repo);
        }
        assertEquals(expectedLayout(commit, clip, Set.of("model.safetensors")),
                layout(cache.resolve(folder(WeightSources.CLIP_REPO))), "the hand-made one, for comparison");
    }

    private static String folder(String repo) {
        return "models--" + repo.replace("/", "--");
    }

    /** What huggingface_hub writes for {@code files}: blob name → bytes' hash, pointer → relative link, the ref. */
    private static void layOutLikeHuggingfaceHub(Path cache, String repo, String commit, Map<String, byte[]> files,
            Set<String> lfs) throws IOException {
        Path folder = cache.resolve(folder(repo));
        Files.createDirectories(folder.resolve("blobs"));
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), commit);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String etag = lfs.contains(e.getKey()) ? FakeHub.sha256(e.getValue()) : FakeHub.gitSha1(e.getValue());
            Files.write(folder.resolve("blobs/" + etag), e.getValue());
            Path pointer = folder.resolve("snapshots/" + commit + "/" + e.getKey());
            Files.createDirectories(pointer.getParent());
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(folder.resolve("blobs/" + etag)));
        }
    }

    private static Map<String, String> expectedLayout(String commit, Map<String, byte[]> files, Set<String> lfs) {
        Map<String, String> want = new TreeMap<>();
        want.put("refs/main", "file " + commit);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String etag = lfs.contains(e.getKey()) ? FakeHub.sha256(e.getValue()) : FakeHub.gitSha1(e.getValue());
            want.put("blobs/" + etag, "file " + FakeHub.sha256(e.getValue()));
            String up = "../".repeat(e.getKey().split("/").length);
            want.put("snapshots/" + commit + "/" + e.getKey(), "link " + up + "../blobs/" + etag);
        }
        return want;
    }

    /** Every entry under a repo folder: a file's content hash (a ref's text), or a symlink's target. */
    private static Map<String, String> layout(Path folder) throws IOException {
        Map<String, String> got = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.toList()) {
                String rel = folder.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    got.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    got.put(rel, rel.startsWith("refs/") ? "file " + Files.readString(p)
                            : "file " + FakeHub.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return got;
    }

    private static List<Path> repoFolders(Path cache) throws IOException {
        try (Stream<Path> list = Files.list(cache)) {
            return list.map(Path::getFileName).filter(p -> p.toString().startsWith("models--")).sorted().toList();
        }
    }
}
