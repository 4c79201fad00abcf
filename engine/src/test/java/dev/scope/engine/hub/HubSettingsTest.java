package dev.scope.engine.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubSettingsTest {
    @TempDir
    Path home;

    @Test
    void defaultsAreThoseOfHuggingfaceHub() {
        HubSettings s = HubSettings.fromEnvironment(Map.of(), home);
        assertEquals(URI.create("https://huggingface.co"), s.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), s.cacheDir());
        assertNull(s.token());
        assertFalse(s.offline());
        assertEquals(Duration.ofSeconds(10), s.requestTimeout());
    }

    @Test
    void theCacheFollowsHfHubCacheThenHfHomeThenXdg() {
        assertEquals(Path.of("/data/hub"), HubSettings.fromEnvironment(
                Map.of("HF_HUB_CACHE", "/data/hub", "HF_HOME", "/data/hf"), home).cacheDir());
        assertEquals(Path.of("/data/hf/hub"), HubSettings.fromEnvironment(
                Map.of("HF_HOME", "/data/hf", "XDG_CACHE_HOME", "/xdg"), home).cacheDir());
        assertEquals(Path.of("/xdg/huggingface/hub"), HubSettings.fromEnvironment(
                Map.of("XDG_CACHE_HOME", "/xdg"), home).cacheDir());
        assertEquals(home.resolve("models/hub"), HubSettings.fromEnvironment(
                Map.of("HF_HUB_CACHE", "~/models/hub"), home).cacheDir());
        assertEquals(Path.of("/legacy"), HubSettings.fromEnvironment(
                Map.of("HUGGINGFACE_HUB_CACHE", "/legacy"), home).cacheDir());
    }

    @Test
    void endpointOfflineAndTimeoutsComeFromTheirVariables() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "http://127.0.0.1:8080/",
                "HF_HUB_OFFLINE", "1", "HF_HUB_ETAG_TIMEOUT", "3", "HF_HUB_DOWNLOAD_TIMEOUT", "30"), home);
        assertEquals(URI.create("http://127.0.0.1:8080"), s.endpoint());
        assertTrue(s.offline());
        assertEquals(Duration.ofSeconds(3), s.requestTimeout());
        assertEquals(Duration.ofSeconds(30), s.stallTimeout());
        for (String yes : new String[] {"1", "ON", "yes", "True"}) {
            assertTrue(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", yes), home).offline(), yes);
        }
        for (String no : new String[] {"0", "false", "off", ""}) {
            assertFalse(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", no), home).offline(), no);
        }
        assertTrue(HubSettings.fromEnvironment(Map.of("TRANSFORMERS_OFFLINE", "1"), home).offline());
    }

    @Test
    void retriesAndParallelDownloadsComeFromScopesVariablesWithHuggingfaceHubsDefaults() {
        HubSettings d = HubSettings.fromEnvironment(Map.of(), home);
        assertEquals(RetryPolicy.DEFAULT, d.retry());
        assertEquals(5, d.retry().retries());
        assertEquals(List.of(1L, 2L, 4L, 8L, 8L), java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> d.retry().waitBefore(i, null).toSeconds()).toList(), "huggingface_hub's backoff");
        assertEquals(Duration.ofSeconds(3), d.retry().waitBefore(1, Duration.ofSeconds(3)), "Retry-After wins");
        assertEquals(RetryPolicy.MAX_RETRY_AFTER, d.retry().waitBefore(1, Duration.ofHours(1)));
        assertEquals(HubSettings.DEFAULT_PARALLEL, d.parallel());

        HubSettings s = HubSettings.fromEnvironment(Map.of("SCOPE_HUB_RETRIES", "12", "SCOPE_HUB_PARALLEL", "1"), home);
        assertEquals(12, s.retry().retries());
        assertEquals(1, s.parallel());
        for (String bad : new String[] {"-1", "many", "", "1000"}) {
            HubSettings ignored = HubSettings.fromEnvironment(Map.of("SCOPE_HUB_RETRIES", bad,
                    "SCOPE_HUB_PARALLEL", bad, "HF_HUB_DOWNLOAD_TIMEOUT", bad), home);
            assertEquals(5, ignored.retry().retries(), bad);
            assertEquals(HubSettings.DEFAULT_PARALLEL, ignored.parallel(), bad);
            assertEquals(bad.equals("1000") ? Duration.ofSeconds(1000) : Duration.ofSeconds(10), ignored.stallTimeout(),
                    bad);
        }
    }

    @Test
    void theEndpointsCredentialsAreNeverShown() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "https://me:pa55@hub.example:8443/"), home);
        assertEquals("https://hub.example:8443", s.shownEndpoint());
        assertFalse(s.toString().contains("pa55"), s.toString());
    }

    @Test
    void theTokenComesFromHfTokenElseTheLoginFile() throws IOException {
        Path tokenFile = home.resolve(".cache/huggingface/token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "hf_from_file\n");
        assertEquals("hf_from_file", HubSettings.fromEnvironment(Map.of(), home).token());
        assertEquals("hf_env", HubSettings.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home).token());
        Path other = home.resolve("elsewhere");
        Files.writeString(other, "hf_other");
        assertEquals("hf_other", HubSettings.fromEnvironment(Map.of("HF_TOKEN_PATH", other.toString()), home).token());
    }

    @Test
    void toStringNeverShowsTheToken() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_TOKEN", "hf_secret_value"), home);
        assertFalse(s.toString().contains("hf_secret_value"), s.toString());
        assertTrue(s.toString().contains("token=set"), s.toString());
    }
}
