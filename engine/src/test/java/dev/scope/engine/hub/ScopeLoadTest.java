package dev.scope.engine.hub;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Layers;
import dev.scope.engine.LoadListener;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.scope.engine.hub.HubTestRepos.CLIP;
import static dev.scope.engine.hub.HubTestRepos.SCOPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Scope.load} through one hub client against the fake hub: every file asked for once, progress reported. */
class ScopeLoadTest {
    @TempDir
    Path cache;

    private static ScopeSpec spec(Layers layers) {
        return ScopeSpec.defaults().withLayers(layers).withDevice(DeviceChoice.CPU).withDtype(WeightType.FLOAT32);
    }

    /** What a listener heard. */
    private static final class Heard implements LoadListener {
        final List<String> stages = new ArrayList<>();
        final Map<String, Long> files = new LinkedHashMap<>();
        final List<String> order = new ArrayList<>();
        long downloadedBytes;

        @Override
        public void onStage(String message, int done, int total) {
            stages.add(done + "/" + total + " " + message);
            order.add("stage " + message);
        }

        @Override
        public void onFile(String name, Path file, long bytes) {
            assertFalse(files.containsKey(name), name + " reported twice");
            files.put(name, bytes);
            order.add("file " + name);
        }

        @Override
        public void onResolved() {
            order.add("resolved");
        }

        @Override
        public void onProgress(TransferProgress progress) {
            if (progress.finished()) {
                downloadedBytes += progress.totalBytes();
            }
        }
    }

    /** Requests per "METHOD path", resolve and listing requests only (blob GETs are the downloads). */
    private static Map<String, Integer> count(FakeHub server) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FakeHub.Request r : server.requests()) {
            counts.merge(r.method() + " " + r.path().replaceAll("\\?.*", ""), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void eachFileIsAskedForOnceAndReportedOnce() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            Heard heard = new Heard();
            try (Scope scope = Scope.load(spec(Layers.of(2, 5)), hub, heard)) {
                assertEquals(List.of(2, 5), List.copyOf(scope.layers()));
                assertTrue(scope.isLoaded(2) && scope.isLoaded(5), "listed layers load with the scope");
            }
            Map<String, Integer> counts = count(server);
            String clip = "/" + CLIP + "/resolve/main/";
            String saes = "/" + SCOPE + "/resolve/" + FakeHub.COMMIT + "/";
            for (String file : List.of(clip + "config.json", clip + "preprocessor_config.json", clip + "model.safetensors",
                    saes + "2_resid/1000.pt", saes + "5_resid/1000.pt")) {
                assertEquals(1, counts.getOrDefault("HEAD " + file, 0), "one HEAD for " + file + " in " + counts);
                assertTrue(counts.getOrDefault("GET " + file, 0) <= 1, "at most one GET for " + file + " in " + counts);
            }
            assertEquals(1, counts.entrySet().stream().filter(e -> e.getKey().contains("/api/models/" + SCOPE))
                    .mapToInt(Map.Entry::getValue).sum(), "the SAE listing once: " + counts);
            assertEquals(0, counts.keySet().stream().filter(k -> k.contains("2_resid/500.pt")).count(),
                    "the shorter-trained checkpoint is never fetched");

            assertEquals(List.of("config.json", "preprocessor_config.json", "model.safetensors", "2_resid/1000.pt",
                    "5_resid/1000.pt"), List.copyOf(heard.files.keySet()));
            assertEquals(Files.size(Fixtures.clip().resolve("model.safetensors")), heard.files.get("model.safetensors"));
            long lfs = Files.size(Fixtures.clip().resolve("model.safetensors"))
                    + Files.size(Fixtures.saes().resolve("2_resid/1000.pt"))
                    + Files.size(Fixtures.saes().resolve("5_resid/1000.pt"));
            assertTrue(heard.downloadedBytes >= lfs, "download progress covers the LFS files: " + heard.downloadedBytes);
            assertEquals(List.of("0/8 Reading the CLIP config from " + CLIP, "1/8 Listing the SAEs in " + SCOPE,
                    "2/8 Fetching the CLIP weights from " + CLIP, "3/8 Fetching the SAE of layer 2",
                    "4/8 Fetching the SAE of layer 5", "5/8 Loading CLIP's vision tower to block 5",
                    "6/8 Loading the SAE of layer 2", "7/8 Loading the SAE of layer 5", "8/8 Loaded"), heard.stages);
            int resolved = heard.order.indexOf("resolved");
            assertEquals("file 5_resid/1000.pt", heard.order.get(resolved - 1), "resolved once every file is local");
            assertEquals("stage Loading CLIP's vision tower to block 5", heard.order.get(resolved + 1),
                    "before any weight loads");
        }
    }

    @Test
    void aSecondLoadFindsEveryFileInTheCacheAndAllLayersLoadLazilyThroughTheSameClient() throws IOException {
        try (FakeHub server = HubTestRepos.start()) {
            Hub hub = HubTestRepos.hub(server, cache);
            Scope.load(spec(Layers.DEEPEST), hub, LoadListener.NONE).close();
            int before = server.requests().size();
            try (Scope scope = Scope.load(spec(Layers.ALL), hub, LoadListener.NONE)) {
                assertEquals(List.of(2, 5), List.copyOf(scope.layers()));
                assertFalse(scope.isLoaded(2), "with all layers, each SAE loads when first used");
                List<FakeHub.Request> second = server.requests().subList(before, server.requests().size());
                assertEquals(1, second.size(), "only the listing is asked again: " + second);
                scope.sae(2);
                assertTrue(scope.isLoaded(2));
                List<FakeHub.Request> lazy = server.requests().subList(before + 1, server.requests().size()).stream()
                        .filter(r -> r.path().contains("/resolve/")).toList();
                assertEquals(1, lazy.stream().filter(r -> r.method().equals("HEAD")).count(),
                        "layer 2 was not cached yet: resolved once " + lazy);
                assertTrue(lazy.stream().allMatch(r -> r.path().endsWith("2_resid/1000.pt")), lazy.toString());
            }
        }
    }

    @Test
    void theDefaultLayerIsTheDeepestTheSaesOffer() throws IOException {
        try (FakeHub server = HubTestRepos.start();
             Scope scope = Scope.load(spec(ScopeSpec.defaults().layers()), HubTestRepos.hub(server, cache),
                     LoadListener.NONE)) {
            assertEquals(List.of(5), List.copyOf(scope.layers()));
            assertTrue(scope.isLoaded(5));
        }
    }
}
