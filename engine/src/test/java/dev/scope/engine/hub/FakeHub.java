package dev.scope.engine.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
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
 * (HEAD and GET) with X-Repo-Commit, ETag, X-Linked-Etag, X-Linked-Size, a 302 to {@code /blobs/<sha256>}
 * for LFS files, X-Error-Code on errors, the {@code /api/models} listing, and Range requests. Faults can
 * be switched on: a cut connection, corrupt bytes, a stall, a slow transfer. Stops on close, interrupting its handlers.
 */
final class FakeHub implements AutoCloseable {

    /** One repository at one commit; {@code refs} are the branch and tag names that resolve to it. */
    record Repo(String id, String commit, Map<String, byte[]> files, Set<String> lfs, Set<String> refs,
            String requiredToken) {
    }

    /** One request as it arrived. */
    record Request(String method, String path, String authorization, String range) {
    }

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile URI blobBase;
    private volatile long cutAfter = -1;
    private volatile long stallAfter = -1;
    private volatile long stallMillis;
    private volatile boolean corrupt;
    private volatile long millisPerChunk;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        blobBase = endpoint();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code files} (name → local file) as repo {@code id}; names in {@code lfs} are LFS files. */
    FakeHub add(String id, Map<String, Path> files, Set<String> lfs) throws IOException {
        return add(id, files, lfs, null);
    }

    FakeHub add(String id, Map<String, Path> files, Set<String> lfs, String requiredToken) throws IOException {
        Map<String, byte[]> bytes = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            bytes.put(e.getKey(), Files.readAllBytes(e.getValue()));
        }
        repos.put(id, new Repo(id, COMMIT, bytes, lfs, Set.of("main", "v1.0", "refs/pr/1"), requiredToken));
        return this;
    }

    /** Serves every repo of {@code other} too (a second host for the LFS redirect). */
    FakeHub addAll(FakeHub other) {
        repos.putAll(other.repos);
        return this;
    }

    /** Answers {@code oldId} with a relative redirect to {@code newId}, as the hub does for a renamed repo. */
    FakeHub rename(String oldId, String newId) {
        renamed.put(oldId, newId);
        return this;
    }

    /** Where LFS redirects point: this server by default. */
    void blobsAt(URI base) {
        blobBase = base;
    }

    /** The next blob GET closes the connection after {@code bytes} bytes of the body. */
    void cutNextBlobAfter(long bytes) {
        cutAfter = bytes;
    }

    /** Blob GETs pause {@code millis} after {@code bytes} bytes, then close the connection. */
    void stallBlobsAfter(long bytes, long millis) {
        stallAfter = bytes;
        stallMillis = millis;
    }

    /** Blob GETs pause this long before each 16 KiB chunk: slow but steady. */
    void throttleBlobs(long millis) {
        millisPerChunk = millis;
    }

    /** Blob GETs serve one byte changed. */
    void corruptBlobs(boolean on) {
        corrupt = on;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    /** The git blob id the hub uses as ETag of a file kept in git. */
    static String gitSha1(byte[] data) {
        byte[] head = ("blob " + data.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + data.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        return HexFormat.of().formatHex(digest("SHA-1", all));
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            requests.add(new Request(ex.getRequestMethod(), raw, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Range")));
            List<String> parts = new ArrayList<>();
            for (String p : raw.substring(1).split("/", -1)) {
                parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
            if (parts.size() == 2 && parts.get(0).equals("blobs")) {
                serveBlob(ex, parts.get(1));
            } else if (parts.size() >= 4 && parts.get(0).equals("api") && parts.get(1).equals("models")) {
                serveListing(ex, parts);
            } else if (parts.size() >= 5 && parts.get(2).equals("resolve")) {
                serveResolve(ex, parts, raw);
            } else {
                send(ex, 404, -1);
            }
        }
    }

    private void serveResolve(HttpExchange ex, List<String> parts, String raw) throws IOException {
        String id = parts.get(0) + "/" + parts.get(1);
        if (renamed.containsKey(id)) {
            ex.getResponseHeaders().set("Location", raw.replaceFirst("^/" + id, "/" + renamed.get(id)));
            send(ex, 307, -1);
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
            String sha = sha256(data);
            h.set("Location", blobBase + "/blobs/" + sha + "?X-Amz-Signature=fake");
            h.set("X-Linked-Etag", "\"" + sha + "\"");
            h.set("X-Linked-Size", Long.toString(data.length));
            h.set("ETag", "\"" + gitSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha).getBytes(
                    StandardCharsets.UTF_8)) + "\"");
            send(ex, 302, -1);
            return;
        }
        h.set("ETag", "\"" + gitSha1(data) + "\"");
        serveBytes(ex, data, false);
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
        json.addProperty("sha", repo.commit());
        JsonArray siblings = new JsonArray();
        for (String f : repo.files().keySet()) {
            JsonObject s = new JsonObject();
            s.addProperty("rfilename", f);
            siblings.add(s);
        }
        json.add("siblings", siblings);
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, 200, body.length);
        ex.getResponseBody().write(body);
    }

    private void serveBlob(HttpExchange ex, String sha) throws IOException {
        for (Repo repo : repos.values()) {
            for (byte[] data : repo.files().values()) {
                if (sha256(data).equals(sha)) {
                    byte[] served = data;
                    if (corrupt) {
                        served = data.clone();
                        served[served.length / 2] ^= 0x5a;
                    }
                    serveBytes(ex, served, true);
                    return;
                }
            }
        }
        send(ex, 404, -1);
    }

    /** Sends {@code data}, or the part a {@code Range: bytes=N-} header asks for, applying the faults to blobs. */
    private void serveBytes(HttpExchange ex, byte[] data, boolean faults) throws IOException {
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= data.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                send(ex, 416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
        }
        int length = data.length - from;
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(length));
            send(ex, 200, -1);
            return;
        }
        send(ex, from > 0 ? 206 : 200, length);
        long cut = faults ? cutAfter : -1;
        if (cut >= 0) {
            cutAfter = -1;
        }
        long stall = faults ? stallAfter : -1;
        OutputStream out = ex.getResponseBody();
        int chunk = 16 * 1024;
        for (int off = from; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            long sent = off - from;
            if (cut >= 0 && sent + n > cut) {
                out.write(data, off, (int) (cut - sent));
                out.flush();
                return; // closing the exchange with bytes missing drops the connection
            }
            if (stall >= 0 && sent + n > stall) {
                out.write(data, off, (int) (stall - sent));
                out.flush();
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (faults && millisPerChunk > 0) {
                out.flush();
                try {
                    Thread.sleep(millisPerChunk);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.write(data, off, n);
        }
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
        send(ex, status, -1);
    }

    private static void send(HttpExchange ex, int status, long length) throws IOException {
        ex.sendResponseHeaders(status, length);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
