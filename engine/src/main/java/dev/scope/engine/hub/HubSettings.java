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
 * @param stallTimeout    how long a download may receive nothing before that attempt is given up and retried
 *                        ({@code HF_HUB_DOWNLOAD_TIMEOUT})
 * @param retry           how often and after which waits a failed transfer is resumed ({@code SCOPE_HUB_RETRIES})
 * @param parallel        how many files {@link Hub#files} downloads at once ({@code SCOPE_HUB_PARALLEL}, 1 to
 *                        {@value #MAX_PARALLEL})
 */
public record HubSettings(URI endpoint, Path cacheDir, String token, boolean offline, Duration requestTimeout,
        Duration stallTimeout, RetryPolicy retry, int parallel) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** huggingface_hub's default for both of its timeouts, in seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Three transfers at once. Where one connection gets a third of the link (a CDN stream held back by long
     * round trips) eight files came in 1.0 s instead of 2.6 s one after the other; where one connection
     * fills the link, in 0.9 s instead of 1.1 s (HubParallelTest, 8 × 256 KiB over a 3 MB/s test link).
     */
    public static final int DEFAULT_PARALLEL = 3;
    public static final int MAX_PARALLEL = 8;
    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        endpoint = URI.create(stripTrailingSlashes(endpoint.toString()));
        cacheDir = cacheDir.toAbsolutePath().normalize();
        token = token == null || token.isBlank() ? null : token.strip();
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("parallel downloads " + parallel + " must be 1 to " + MAX_PARALLEL);
        }
    }

    /** Settings with the default retries and parallel downloads. */
    public HubSettings(URI endpoint, Path cacheDir, String token, boolean offline, Duration requestTimeout,
            Duration stallTimeout) {
        this(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, RetryPolicy.DEFAULT, DEFAULT_PARALLEL);
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
     * offline when {@code HF_HUB_OFFLINE} (or {@code TRANSFORMERS_OFFLINE}) is 1, on, yes or true; timeouts in
     * whole seconds from {@code HF_HUB_ETAG_TIMEOUT} and {@code HF_HUB_DOWNLOAD_TIMEOUT}; scope's own
     * {@code SCOPE_HUB_RETRIES} and {@code SCOPE_HUB_PARALLEL}. A value that is not a number in range is
     * ignored for the default, as huggingface_hub does.
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
        int retries = (int) number(env.get("SCOPE_HUB_RETRIES"), 0, 100, RetryPolicy.DEFAULT_RETRIES);
        int parallel = (int) number(env.get("SCOPE_HUB_PARALLEL"), 1, MAX_PARALLEL, DEFAULT_PARALLEL);
        return new HubSettings(endpoint != null ? URI.create(endpoint) : DEFAULT_ENDPOINT, cacheDir, token, offline,
                seconds(env.get("HF_HUB_ETAG_TIMEOUT")), seconds(env.get("HF_HUB_DOWNLOAD_TIMEOUT")),
                RetryPolicy.DEFAULT.withRetries(retries), parallel);
    }

    public HubSettings withOffline(boolean offline) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    public HubSettings withToken(String token) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    public HubSettings withEndpoint(URI endpoint) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    public HubSettings withStallTimeout(Duration stallTimeout) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    public HubSettings withRetry(RetryPolicy retry) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    public HubSettings withParallel(int parallel) {
        return new HubSettings(endpoint, cacheDir, token, offline, requestTimeout, stallTimeout, retry, parallel);
    }

    /** The endpoint as messages show it: without any {@code user:password@}. */
    public String shownEndpoint() {
        return HubUrls.shown(endpoint);
    }

    /** Never prints the token itself, nor credentials in the endpoint. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + shownEndpoint() + ", cacheDir=" + cacheDir + ", token="
                + (token == null ? "none" : "set") + ", offline=" + offline + ", requestTimeout=" + requestTimeout
                + ", stallTimeout=" + stallTimeout + ", retry=" + retry + ", parallel=" + parallel + "]";
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
        return Duration.ofSeconds(number(value, 1, 86_400, DEFAULT_TIMEOUT.toSeconds()));
    }

    private static long number(String value, long min, long max, long fallback) {
        if (nonBlank(value) == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            return n >= min && n <= max ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
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
