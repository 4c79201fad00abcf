package dev.scope.engine.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The hub's HTTP side: HEAD for file metadata, GET for bytes and listings. Redirects are followed by
 * hand so the token goes only to the endpoint's own origin; see {@link #sameOrigin}. HEAD and listing
 * requests are retried after a 408, 429 or 5xx answer or a broken connection ({@link RetryPolicy}); a hub
 * that cannot be connected to at all is reported at once, so an offline machine falls back to its cache
 * without waiting.
 */
final class HubHttp {
    private static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "scope-engine (java.net.http; " + System.getProperty("java.version")
            + ")";

    private final HubSettings settings;
    private final HttpClient client;

    HubHttp(HubSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    HubSettings settings() {
        return settings;
    }

    URI resolveUrl(Source.Repo repo, String path) {
        return URI.create(settings.endpoint() + "/" + repo.repoId() + "/resolve/" + encode(repo.revision(), false)
                + "/" + encode(path, true));
    }

    URI listingUrl(Source.Repo repo) {
        return URI.create(settings.endpoint() + "/api/models/" + repo.repoId() + "/revision/"
                + encode(repo.revision(), false));
    }

    /**
     * Asks for a file's commit, etag, size and download location with HEAD, following only relative
     * redirects (a renamed repo) and not the LFS redirect, whose target becomes the location.
     */
    FileMetadata head(Source.Repo repo, String path) throws IOException {
        return retrying(repo + "/" + path, () -> headOnce(repo, path));
    }

    private FileMetadata headOnce(Source.Repo repo, String path) throws IOException, Transient {
        URI url = resolveUrl(repo, path);
        HttpResponse<Void> response = null;
        URI target = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept-Encoding", "identity").build();
            response = sendOrTransient(request, HttpResponse.BodyHandlers.discarding(), repo, path);
            if (isRetryStatus(response.statusCode())) {
                throw new Transient(error(repo, path, url, response.statusCode(), response.headers()),
                        retryAfter(response.headers()));
            }
            Optional<String> location = response.headers().firstValue("Location");
            target = isRedirect(response.statusCode()) && location.isPresent() ? location(url, location.get()) : null;
            if (target != null && URI.create(location.get().strip()).getRawAuthority() == null) {
                url = target; // a renamed repository: ask again there
                target = null;
                continue;
            }
            break;
        }
        URI at = response.request().uri();
        int status = response.statusCode();
        if (target == null && status / 100 != 2) {
            throw error(repo, path, at, status, response.headers());
        }
        HttpHeaders h = response.headers();
        String shown = HubUrls.shown(at);
        String commit = h.firstValue("X-Repo-Commit").map(String::strip).orElseThrow(() -> new HubResponseException(
                shown + " answered without X-Repo-Commit, so it is not a Hugging Face hub (check HF_ENDPOINT and any proxy)."));
        if (!FileMetadata.isCommit(commit)) {
            throw new HubResponseException(shown + " answered with X-Repo-Commit " + HubUrls.quoted(commit)
                    + ", which is not a 40-character commit hash; check HF_ENDPOINT and any proxy.");
        }
        String etag = FileMetadata.normalizeEtag(h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag"))
                .orElseThrow(() -> new HubResponseException(shown
                        + " answered without an ETag, so the file cannot be cached reliably; try again later.")));
        if (!FileMetadata.isUsableEtag(etag)) {
            throw new HubResponseException(shown + " answered with the ETag " + HubUrls.quoted(etag)
                    + ", which cannot name a cached file; check HF_ENDPOINT and any proxy.");
        }
        OptionalLong size = longHeader(h, "X-Linked-Size", shown);
        if (size.isEmpty() && target == null) {
            size = longHeader(h, "Content-Length", shown); // a redirect's own length is its body's, not the file's
        }
        if (size.isEmpty()) {
            throw new HubResponseException(shown + " answered without the file size (" + (target != null
                    ? "X-Linked-Size on its redirect" : "X-Linked-Size or Content-Length") + "); try again later.");
        }
        Instant now = Instant.now();
        URI location = target != null ? target : atCommit(at, repo, path, commit);
        Instant expires = target != null ? PresignedLink.expiry(target, date(h), now) : null;
        return new FileMetadata(commit, etag, size.getAsLong(), location, expires);
    }

    /**
     * GETs {@code location} from byte {@code from} on, following redirects. The body is a {@link ChunkStream}
     * for 2xx answers and null otherwise (416 and errors), when the caller decides from the status; the
     * answering URL is {@code response.request().uri()}.
     *
     * @throws HubUnreachableException when no answer came (refused, dropped, timed out)
     */
    HttpResponse<ChunkStream> download(Source.Repo repo, String path, URI location, long from) throws IOException {
        HttpResponse.BodyHandler<ChunkStream> handler = info -> info.statusCode() / 100 == 2 ? new ChunkStream()
                : HttpResponse.BodySubscribers.<ChunkStream>replacing(null);
        URI url = location;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = request(url).GET().header("Accept-Encoding", "identity");
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<ChunkStream> response = send(b.build(), handler, repo, path);
            String next = response.headers().firstValue("Location").orElse(null);
            if (!isRedirect(response.statusCode()) || next == null) {
                return response;
            }
            url = location(url, next);
        }
        throw new HubResponseException("The download of " + path + " from " + repo.repoId() + " was redirected more than "
                + MAX_REDIRECTS + " times; try again later.");
    }

    /** GETs the repository listing JSON ({@code /api/models/{repo}/revision/{revision}}). */
    String listing(Source.Repo repo) throws IOException {
        return retrying(repo.toString(), () -> {
            URI url = listingUrl(repo);
            HttpResponse<String> response = sendOrTransient(request(url).GET().header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), repo, null);
            if (isRetryStatus(response.statusCode())) {
                throw new Transient(error(repo, null, url, response.statusCode(), response.headers()),
                        retryAfter(response.headers()));
            }
            if (response.statusCode() != 200) {
                throw error(repo, null, url, response.statusCode(), response.headers());
            }
            return response.body();
        });
    }

    HubException error(Source.Repo repo, String path, URI url, int status, HttpHeaders headers) {
        return HubErrors.forResponse(repo, path, HubUrls.shown(url), status, headers, tokenFor(url) != null,
                settings.shownEndpoint());
    }

    /** True for answers from the endpoint's own origin; anything else (a presigned link's host) is the CDN. */
    boolean isHub(URI url) {
        return sameOrigin(url, settings.endpoint());
    }

    /**
     * The rule for the token: it is sent only to the endpoint's origin, i.e. the same scheme, host
     * (case-insensitive) and port (default ports filled in) — as huggingface_hub drops it when the
     * host:port differs, e.g. on the LFS redirect to the CDN.
     */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    /** 408, 429 and the 5xx a busy or restarting server gives: worth another try after a wait. */
    static boolean isRetryStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** A {@code Retry-After} of whole seconds, or null (an HTTP date is not used). */
    static Duration retryAfter(HttpHeaders h) {
        Optional<String> v = h.firstValue("Retry-After");
        if (v.isEmpty()) {
            return null;
        }
        try {
            long s = Long.parseLong(v.get().strip());
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Where a {@code Location} header points, resolved against the URL that answered.
     *
     * @throws HubResponseException when it is no URL, or not an http(s) one
     */
    static URI location(URI base, String value) throws HubResponseException {
        URI target;
        try {
            target = base.resolve(new URI(value.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            target = null;
        }
        if (target == null || target.getHost() == null || target.getScheme() == null
                || !(target.getScheme().equalsIgnoreCase("http") || target.getScheme().equalsIgnoreCase("https"))) {
            throw new HubResponseException(HubUrls.shown(base) + " redirected to " + HubUrls.quoted(value)
                    + ", which is not an http(s) URL; check HF_ENDPOINT and any proxy, or try again later.");
        }
        return target;
    }

    /** The same resolve URL with the revision replaced by the commit, so the bytes are the ones the HEAD described. */
    private URI atCommit(URI at, Source.Repo repo, String path, String commit) {
        String raw = at.getRawPath();
        String segment = "/resolve/" + encode(repo.revision(), false) + "/";
        int i = raw == null ? -1 : raw.indexOf(segment);
        if (i < 0) {
            return resolveUrl(repo.at(commit), path);
        }
        return at.resolve(raw.substring(0, i) + "/resolve/" + commit + "/" + raw.substring(i + segment.length()));
    }

    private String tokenFor(URI url) {
        return settings.token() != null && sameOrigin(url, settings.endpoint()) ? settings.token() : null;
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                .header("User-Agent", USER_AGENT);
        String token = tokenFor(url);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Source.Repo repo,
            String path) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException(repo.repoId() + (path == null ? "" : "/" + path), 0);
        } catch (IOException e) {
            throw new HubUnreachableException(HubUrls.origin(request.uri()), e);
        } catch (IllegalArgumentException e) {
            // the JDK client rejects some malformed answers this way, e.g. a Content-Length that is no number
            throw new HubResponseException(HubUrls.origin(request.uri()) + " sent an answer that cannot be read ("
                    + e.getMessage() + "); check HF_ENDPOINT and any proxy, or try again later.", e);
        }
    }

    /** Like {@link #send}, but a connection that broke or timed out once it was made is worth another try. */
    private <T> HttpResponse<T> sendOrTransient(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Source.Repo repo, String path) throws IOException, Transient {
        try {
            return send(request, handler, repo, path);
        } catch (HubUnreachableException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                throw e; // no hub there at all: fall back to the cache at once
            }
            throw new Transient(e, null);
        }
    }

    /** A call whose failure may be worth repeating. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, Transient;
    }

    /** A failure worth another attempt; {@code error} is what is thrown once the attempts are used up. */
    static final class Transient extends Exception {
        final HubException error;
        final Duration retryAfter;

        Transient(HubException error, Duration retryAfter) {
            super(error.getMessage(), error, false, false);
            this.error = error;
            this.retryAfter = retryAfter;
        }
    }

    private <T> T retrying(String label, Call<T> call) throws IOException {
        RetryPolicy policy = settings.retry();
        for (int failures = 1; ; failures++) {
            try {
                return call.run();
            } catch (Transient t) {
                if (failures > policy.retries()) {
                    throw t.error;
                }
                pause(policy.waitBefore(failures, t.retryAfter), label, 0);
            }
        }
    }

    /** Sleeps between attempts; an interrupt cancels. */
    static void pause(Duration wait, String label, long bytesDone) throws DownloadCancelledException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException(label, bytesDone);
        }
    }

    private static Instant date(HttpHeaders h) {
        try {
            return h.firstValue("Date").map(d -> ZonedDateTime.parse(d.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()).orElse(null);
        } catch (DateTimeParseException e) {
            return null; // only refines a link's expiry; the link's own signing time serves as well
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }

    /** A size header: absent is empty; present but not a non-negative whole number is a one-line error. */
    private static OptionalLong longHeader(HttpHeaders h, String name, String shownUrl) throws HubResponseException {
        Optional<String> v = h.firstValue(name);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(v.get().strip());
            if (n >= 0) {
                return OptionalLong.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HubResponseException(shownUrl + " answered with " + name + " " + HubUrls.quoted(v.get())
                + ", which is not a size; check HF_ENDPOINT and any proxy, or try again later.");
    }

    /** Percent-encodes like Python's {@code quote}: unreserved characters stay, and {@code /} too when asked. */
    static String encode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
