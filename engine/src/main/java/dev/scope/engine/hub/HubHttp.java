package dev.scope.engine.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The hub's HTTP side: HEAD for file metadata, GET for bytes and listings. Redirects are followed by
 * hand so the token goes only to the endpoint's own origin; see {@link #sameOrigin}.
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
        URI url = resolveUrl(repo, path);
        HttpResponse<Void> response = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept-Encoding", "identity").build();
            response = send(request, HttpResponse.BodyHandlers.discarding(), repo, path);
            String location = response.headers().firstValue("Location").orElse(null);
            if (isRedirect(response.statusCode()) && location != null && URI.create(location).getHost() == null) {
                url = url.resolve(location);
                continue;
            }
            break;
        }
        URI at = response.request().uri();
        int status = response.statusCode();
        if (status >= 400 || (isRedirect(status) && response.headers().firstValue("Location").isEmpty())) {
            throw error(repo, path, at, status, response.headers());
        }
        HttpHeaders h = response.headers();
        String commit = h.firstValue("X-Repo-Commit").orElseThrow(() -> new HubResponseException(
                at + " answered without X-Repo-Commit, so it is not a Hugging Face hub (check HF_ENDPOINT and any proxy)."));
        String etag = FileMetadata.normalizeEtag(h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag"))
                .orElseThrow(() -> new HubResponseException(at
                        + " answered without an ETag, so the file cannot be cached reliably; try again later.")));
        OptionalLong size = longHeader(h, "X-Linked-Size");
        if (size.isEmpty()) {
            size = longHeader(h, "Content-Length");
        }
        if (size.isEmpty()) {
            throw new HubResponseException(at + " answered without the file size (X-Linked-Size or Content-Length);"
                    + " try again later.");
        }
        URI location = h.firstValue("Location").map(at::resolve).orElse(at);
        return new FileMetadata(commit, etag, size.getAsLong(), location);
    }

    /**
     * GETs {@code location} from byte {@code from} on, following redirects. The body is a {@link ChunkStream}
     * for 2xx answers and null otherwise (416 and errors), when the caller decides from the status.
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
            url = url.resolve(next);
        }
        throw new HubResponseException("The download of " + path + " from " + repo.repoId() + " was redirected more than "
                + MAX_REDIRECTS + " times; try again later.");
    }

    /** GETs the repository listing JSON ({@code /api/models/{repo}/revision/{revision}}). */
    String listing(Source.Repo repo) throws IOException {
        URI url = listingUrl(repo);
        HttpResponse<String> response = send(request(url).GET().header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), repo, null);
        if (response.statusCode() != 200) {
            throw error(repo, null, url, response.statusCode(), response.headers());
        }
        return response.body();
    }

    HubException error(Source.Repo repo, String path, URI url, int status, HttpHeaders headers) {
        return HubErrors.forResponse(repo, path, url.toString(), status, headers, tokenFor(url) != null,
                settings.endpoint().toString());
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
            throw new HubUnreachableException(request.uri().getScheme() + "://" + request.uri().getAuthority(), e);
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

    private static OptionalLong longHeader(HttpHeaders h, String name) {
        try {
            return h.firstValue(name).map(v -> OptionalLong.of(Long.parseLong(v.strip()))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
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
