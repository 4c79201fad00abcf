package dev.scope.engine.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to reach the hub and where its cache lies, read from the same environment variables as
 * Python's huggingface_hub so both share one cache.
 *
 * <pre>
 * jshell&gt; HubSettings.fromEnvironment().cacheDir()
 * $1 ==&gt; /home/me/.cache/huggingface/hub
 * </pre>
 *
 * @param endpoint        the hub, {@code $HF_ENDPOINT} or {@code https://huggingface.co}, no trailing slash
 * @param cacheDir        the hub cache folder (absolute)
 * @param token           the access token sent as {@code Authorization: Bearer}, or null for none
 * @param offline         true to use the cache only ({@code HF_HUB_OFFLINE=1})
 * @param requestTimeout  how long to wait for the hub's answer to one request ({@code HF_HUB_ETAG_TIMEOUT})
 * @param stallTimeout    how long a download may receive nothing before it is given up ({@code HF_HUB_DOWNLOAD_TIMEOUT})
 */
public record HubSettings(URI endpoint, Path cacheDir, String token, boolean offline, Duration requestTimeout,
        Duration stallTimeout) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        endpoint = URI.create(stripTrailingSlashes(endpoint.toString()));
        cacheDir = cacheDir.toAbsolutePath().normalize();
        token = token == null || token.isBlank() ? null : token.strip();
    }

    /** Settings for {@code endpoint} and {@code cacheDir}, no token, online, default timeouts. */
    public static HubSettings of(URI endpoint, Path cacheDir) {
        return new HubSettings(endpoint, cacheDir, null, false, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    /** Settings from this process's environment. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Settings from {@code env} the way huggingface_hub reads them: cache {@code $HF_HUB_CACHE}, else
     * {@code $HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub},
     * else {@code ~/.cache/huggingface/hub}; token {@code $HF_TOKEN}, else {@code $HUGGING_FACE_HUB_TOKEN},
     * else the file {@code $HF_TOKEN_PATH} or {@code $HF_HOME/token} that {@code huggingface-cli login} writes;
     * offline when {@code HF_HUB_OFFLINE} (or {@code TRANSFORMERS_OFFLINE}) is 1, on, yes or true.
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Path home) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT"));
        Path hfHome = hfHome(env, home);
        String cache = firstNonBlank(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        Path cacheDir = cache != null ? expandHome(cache, home) : hfHome.resolve("hub");
        String token = firstNonBlank(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN"));
        if (token == null) {
            String tokenPath = nonBlank(env.get("HF_TOKEN_PATH"));
            token = readToken(tokenPath != null ? expandHome(tokenPath, home) : hfHome.resolve("token"));
        }
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        return new HubSettings(endpoint != null ? URI.create(endpoint) : DEFAULT_ENDPOINT, cacheDir, token, offline,
                seconds(env.get("HF_HUB_ETAG_TIMEOUT")), seconds(env.get("HF_HUB_DOWNLOAD_TIMEOUT")));
    }

    public HubSettings withOffline(boolean offline) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout);
    }

    public HubSettings withToken(String token) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout);
    }

    public HubSettings withEndpoint(URI endpoint) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout);
    }

    public HubSettings withStallTimeout(Duration stallTimeout) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout);
    }

    /** Never prints the token itself. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token="
                + (token == null ? "none" : "set") + ", offline=" + offline + ", requestTimeout=" + requestTimeout
                + ", stallTimeout=" + stallTimeout + "]";
    }

    private static Path hfHome(Map<String, String> env, Path home) {
        String hfHome = nonBlank(env.get("HF_HOME"));
        if (hfHome != null) {
            return expandHome(hfHome, home);
        }
        String xdg = nonBlank(env.get("XDG_CACHE_HOME"));
        return (xdg != null ? expandHome(xdg, home) : home.resolve(".cache")).resolve("huggingface");
    }

    static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    private static Duration seconds(String value) {
        if (nonBlank(value) == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long s = Long.parseLong(value.strip());
            return s > 0 ? Duration.ofSeconds(s) : DEFAULT_TIMEOUT;
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT;
        }
    }

    private static String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            return null; // an unreadable token file is the same as none: public repos still work
        }
    }

    private static Path expandHome(String path, Path home) {
        String p = path.strip();
        if (p.equals("~")) {
            return home;
        }
        if (p.startsWith("~/")) {
            return home.resolve(p.substring(2));
        }
        return Path.of(p);
    }

    private static String stripTrailingSlashes(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static String firstNonBlank(String a, String b) {
        return nonBlank(a) != null ? nonBlank(a) : nonBlank(b);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
