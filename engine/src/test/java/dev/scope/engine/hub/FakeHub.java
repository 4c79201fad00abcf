package dev.scope.engine.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for huggingface.co on 127.0.0.1 (ephemeral port) that answers like the hub: resolve URLs
 * (HEAD and GET) with X-Repo-Commit, ETag, X-Linked-Etag, X-Linked-Size, a 302 with a body of its own to the
 * blob for LFS files (and, for Xet repos, X-Xet-Hash, X-Xet-Refresh-Route and a {@code Link} header),
 * X-Error-Code on errors, the {@code /api/models} listing, and Range requests. Blobs are served by
 * {@link FakeBlobs} on this origin, or after {@link #startCdn()} on a second server (another port, so another
 * origin) behind presigned, expiring links. Stops on close, interrupting its handlers.
 */
public final class FakeHub implements AutoCloseable {

    /** One repository at one commit; {@code refs} are the branch and tag names that resolve to it. */
    public record Repo(String id, String commit, Map<String, byte[]> files, Set<String> lfs, Set<String> refs,
            String requiredToken, boolean xet, Map<String, String> sha256) {
    }

    /** One request as it arrived. */
    public record Request(String method, String path, String authorization, String range) {
    }

    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final FakeBlobs blobs = new FakeBlobs();
    private volatile HttpServer cdn;
    private final List<Request> cdnRequests = Collections.synchronizedList(new ArrayList<>());
    private volatile Map<String, String> headerOverrides = Map.of();
    private final java.util.concurrent.atomic.AtomicInteger hubFailuresLeft = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int hubFailStatus;
    private volatile Set<String> headersRemoved = Set.of();

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", ex -> handle(ex, requests, true));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The blobs and their faults. */
    public FakeBlobs blobs() {
        return blobs;
    }

    /**
     * Serves blobs from a second server from now on, as the hub's CDN: the HEAD's redirect points there with
     * a presigned link in {@code style}, valid for {@code lifetimeSeconds}.
     */
    public URI startCdn(FakeBlobs.LinkStyle style, long lifetimeSeconds) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        s.setExecutor(pool);
        s.createContext("/", ex -> handle(ex, cdnRequests, false));
        s.start();
        blobs.sign(style, lifetimeSeconds);
        cdn = s;
        return cdnEndpoint();
    }

    public URI startCdn() throws IOException {
        return startCdn(FakeBlobs.LinkStyle.AMZ, 3600);
    }

    public URI cdnEndpoint() {
        return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort());
    }

    /** Serves {@code files} (name → local file) as repo {@code id}; names in {@code lfs} are LFS files. */
    public FakeHub add(String id, Map<String, Path> files, Set<String> lfs) throws IOException {
        return add(id, files, lfs, null);
    }

    public FakeHub add(String id, Map<String, Path> files, Set<String> lfs, String requiredToken) throws IOException {
        Map<String, byte[]> bytes = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            bytes.put(e.getKey(), Files.readAllBytes(e.getValue()));
        }
        return addBytes(id, bytes, lfs, requiredToken, false);
    }

    /** Serves {@code files} as repo {@code id}; with {@code xet}, its large files answer with Xet headers. */
    public FakeHub addBytes(String id, Map<String, byte[]> files, Set<String> lfs, String requiredToken, boolean xet) {
        Map<String, String> shas = new TreeMap<>();
        for (String name : lfs) {
            shas.put(name, blobs.add(files.get(name)));
        }
        repos.put(id, new Repo(id, COMMIT, new TreeMap<>(files), lfs, Set.of("main", "v1.0", "refs/pr/1"),
                requiredToken, xet, shas));
        return this;
    }

    /** Answers {@code oldId} with a relative redirect to {@code newId}, as the hub does for a renamed repo. */
    FakeHub rename(String oldId, String newId) {
        renamed.put(oldId, newId);
        return this;
    }

    /** Resolve answers carry these header values instead of the right ones (a broken proxy, a hostile server). */
    void overrideHeaders(Map<String, String> values) {
        headerOverrides = Map.copyOf(values);
    }

    /** The next {@code times} resolve and listing requests answer {@code status}, as a hub that is down. */
    void failHub(int times, int status) {
        hubFailStatus = status;
        hubFailuresLeft.set(times);
    }

    /** Resolve answers leave these headers out. */
    void removeHeaders(Set<String> names) {
        headersRemoved = Set.copyOf(names);
    }

    /** Every request to the hub's own origin, blobs there included. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every request to the CDN. */
    public List<Request> cdnRequests() {
        synchronized (cdnRequests) {
            return List.copyOf(cdnRequests);
        }
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    /** The git blob id the hub uses as ETag of a file kept in git. */
    public static String gitSha1(byte[] data) {
        byte[] head = ("blob " + data.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + data.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        return HexFormat.of().formatHex(digest("SHA-1", all));
    }

    @Override
    public void close() {
        server.stop(0);
        if (cdn != null) {
            cdn.stop(0);
        }
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex, List<Request> log, boolean hub) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            log.add(new Request(ex.getRequestMethod(), raw, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Range")));
            List<String> parts = new ArrayList<>();
            for (String p : raw.substring(1).split("/", -1)) {
                parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
            boolean blob = parts.size() == 2 && parts.get(0).equals("blobs");
            if (hub && !blob && hubFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(hubFailStatus, -1);
            } else if (blob) {
                blobs.serve(ex, parts.get(1));
            } else if (hub && parts.size() >= 4 && parts.get(0).equals("api") && parts.get(1).equals("models")) {
                serveListing(ex, parts);
            } else if (hub && parts.size() >= 5 && parts.get(2).equals("resolve")) {
                serveResolve(ex, parts, raw);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        }
    }

    private void serveResolve(HttpExchange ex, List<String> parts, String raw) throws IOException {
        String id = parts.get(0) + "/" + parts.get(1);
        if (renamed.containsKey(id)) {
            ex.getResponseHeaders().set("Location", raw.replaceFirst("^/" + id, "/" + renamed.get(id)));
            ex.sendResponseHeaders(307, -1);
            return;
        }
        Repo repo = checkRepo(ex, id);
        if (repo == null || !checkRevision(ex, repo, parts.get(3))) {
            return;
        }
        String file = String.join("/", parts.subList(4, parts.size()));
        Headers h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", repo.commit());
        byte[] data = repo.files().get(file);
        if (data == null) {
            error(ex, 404, "EntryNotFound", "Entry not found");
            return;
        }
        if (repo.lfs().contains(file)) {
            String sha = repo.sha256().get(file);
            URI base = cdn != null ? cdnEndpoint() : endpoint();
            h.set("Location", blobs.linkFor(base, sha).toString());
            h.set("X-Linked-Etag", "\"" + sha + "\"");
            h.set("X-Linked-Size", Long.toString(data.length));
            h.set("ETag", "\"" + gitSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha).getBytes(
                    StandardCharsets.UTF_8)) + "\"");
            if (repo.xet()) {
                String xetHash = sha256(("xet:" + sha).getBytes(StandardCharsets.UTF_8));
                String refresh = endpoint() + "/api/models/" + id + "/xet-read-token/" + repo.commit();
                h.set("X-Xet-Hash", xetHash);
                h.set("X-Xet-Refresh-Route", refresh);
                h.set("Link", "<" + refresh + ">; rel=\"xet-auth\", <https://cas-server.example/reconstruction/"
                        + xetHash + ">; rel=\"xet-reconstruction-info\"");
            }
            byte[] body = ("Found. Redirecting to " + h.getFirst("Location")).getBytes(StandardCharsets.UTF_8);
            h.set("Content-Type", "text/plain; charset=utf-8");
            tamper(h);
            if (ex.getRequestMethod().equals("HEAD")) {
                h.set("Content-Length", Integer.toString(body.length)); // the redirect's own length, not the file's
                ex.sendResponseHeaders(302, -1);
            } else {
                ex.sendResponseHeaders(302, body.length);
                ex.getResponseBody().write(body);
            }
            return;
        }
        h.set("ETag", "\"" + gitSha1(data) + "\"");
        tamper(h);
        if (!ex.getRequestMethod().equals("HEAD")) {
            h.remove("Content-Length"); // a GET's length is what it sends
        }
        blobs.serveBytes(ex, data, false);
    }

    private void tamper(Headers h) {
        headersRemoved.forEach(h::remove);
        headerOverrides.forEach(h::set);
    }

    private void serveListing(HttpExchange ex, List<String> parts) throws IOException {
        Repo repo = checkRepo(ex, parts.get(2) + "/" + parts.get(3));
        if (repo == null) {
            return;
        }
        if (parts.size() >= 6 && parts.get(4).equals("revision") && !checkRevision(ex, repo, parts.get(5))) {
            return;
        }
        JsonObject json = new JsonObject();
        json.addProperty("id", repo.id());
        json.addProperty("sha", headerOverrides.getOrDefault("X-Repo-Commit", repo.commit()));
        JsonArray siblings = new JsonArray();
        for (String f : repo.files().keySet()) {
            JsonObject s = new JsonObject();
            s.addProperty("rfilename", f);
            siblings.add(s);
        }
        json.add("siblings", siblings);
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private Repo checkRepo(HttpExchange ex, String id) throws IOException {
        Repo repo = repos.get(id);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (repo == null) {
            error(ex, auth == null ? 401 : 404, "RepoNotFound", "Repository not found");
            return null;
        }
        if (repo.requiredToken() != null && !("Bearer " + repo.requiredToken()).equals(auth)) {
            error(ex, auth == null ? 401 : 403, "GatedRepo", "Access to this model is restricted");
            return null;
        }
        return repo;
    }

    private boolean checkRevision(HttpExchange ex, Repo repo, String revision) throws IOException {
        if (revision.equals(repo.commit()) || repo.refs().contains(revision)) {
            return true;
        }
        error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
        return false;
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ex.getResponseHeaders().set("X-Error-Code", code);
        ex.getResponseHeaders().set("X-Error-Message", message);
        ex.sendResponseHeaders(status, -1);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
