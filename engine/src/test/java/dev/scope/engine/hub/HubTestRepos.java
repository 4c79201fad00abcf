package dev.scope.engine.hub;

import dev.scope.engine.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The fixtures served under the real repo names, as the tests' fake hub holds them. */
final class HubTestRepos {
    static final String CLIP = WeightSources.CLIP_REPO;
    static final String SCOPE = WeightSources.SCOPE_REPO;

    private HubTestRepos() {
    }

    static FakeHub serve(FakeHub hub) throws IOException {
        Path clip = Fixtures.clip();
        Path saes = Fixtures.saes();
        hub.add(CLIP, Map.of("config.json", clip.resolve("config.json"),
                "preprocessor_config.json", clip.resolve("preprocessor_config.json"),
                "model.safetensors", clip.resolve("model.safetensors")), Set.of("model.safetensors"));
        hub.add(SCOPE, Map.of("2_resid/1000.pt", saes.resolve("2_resid/1000.pt"),
                "2_resid/500.pt", saes.resolve("5_resid/1000.pt"),
                "5_resid/1000.pt", saes.resolve("5_resid/1000.pt"),
                "README.md", Fixtures.root().resolve("README.md")),
                Set.of("2_resid/1000.pt", "2_resid/500.pt", "5_resid/1000.pt"));
        return hub;
    }

    static FakeHub start() throws IOException {
        return serve(new FakeHub());
    }

    static byte[] bytes(String fixture) throws IOException {
        return Files.readAllBytes(Fixtures.root().resolve(fixture));
    }

    static Hub hub(FakeHub server, Path cache) {
        return new Hub(HubSettings.of(server.endpoint(), cache));
    }

    /** Retries as by default, but with waits of milliseconds, so tests of many failures stay quick. */
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(RetryPolicy.DEFAULT_RETRIES, java.time.Duration.ofMillis(10),
            java.time.Duration.ofMillis(40));

    static HubSettings quick(FakeHub server, Path cache) {
        return HubSettings.of(server.endpoint(), cache).withRetry(QUICK_RETRIES);
    }

    static Path repoFolder(Path cache, String repoId) {
        return cache.resolve(HubCache.folderName(repoId));
    }
}
