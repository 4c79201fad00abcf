package dev.scope.engine.hub;

import com.sun.net.httpserver.HttpExchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the fake hub serves LFS/Xet blobs, on its own origin or on its CDN: by sha256, with Range, behind
 * presigned links ({@code X-Amz-*} like the Xet bridge, or CloudFront's {@code Expires}) that it signs,
 * checks and can expire, and with switchable faults: cut connections, a stall, corrupt bytes, 5xx answers,
 * refusals, and a throttled link shared by every transfer.
 */
public final class FakeBlobs {
    public enum LinkStyle { AMZ, CLOUDFRONT }

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] SECRET = "fake-cdn-secret".getBytes(StandardCharsets.UTF_8);

    private final Map<String, byte[]> bySha = new ConcurrentHashMap<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final ThrottledLink link = new ThrottledLink();
    private volatile boolean signed;
    private volatile LinkStyle style = LinkStyle.AMZ;
    private volatile long lifetimeSeconds = 3600;
    private final java.util.Set<String> issued = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger linksSigned = new AtomicInteger();
    private volatile boolean refuseAll;
    private volatile java.util.Set<String> refused = java.util.Set.of();
    private final AtomicInteger sending = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile long cutAfter;
    private volatile long stallAfter = -1;
    private volatile long stallMillis;
    private volatile boolean corrupt;
    private volatile long millisPerChunk;
    private volatile int failStatus;

    /** Serves {@code data} under its sha256, which it returns. */
    String add(byte[] data) {
        String sha = FakeHub.sha256(data);
        bySha.put(sha, data);
        return sha;
    }

    /** Links are presigned in {@code style}, valid for {@code lifetimeSeconds} from their signing. */
    void sign(LinkStyle linkStyle, long lifetime) {
        signed = true;
        style = linkStyle;
        lifetimeSeconds = lifetime;
    }

    /** Every link signed until now is expired from now on, as after an hour on a real CDN. */
    void expireLinksSignedSoFar() {
        revoked.addAll(issued);
    }

    int linksSigned() {
        return linksSigned.get();
    }

    /** Every blob request is refused with 403, fresh link or not. */
    void refuseAll(boolean on) {
        refuseAll = on;
    }

    /** Requests for these blobs are refused with 403, fresh link or not. */
    void refuse(java.util.Set<String> shas) {
        refused = java.util.Set.copyOf(shas);
    }

    /** The most bodies that were being sent at one moment. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** The next {@code times} blob GETs each close the connection after {@code bytes} bytes of body. */
    public void cut(int times, long bytes) {
        cutAfter = bytes;
        cutsLeft.set(times);
    }

    /** The next blob GET closes the connection after {@code bytes} bytes. */
    void cutNextAfter(long bytes) {
        cut(1, bytes);
    }

    /** Blob GETs pause {@code millis} after {@code bytes} bytes, then close the connection. */
    void stallAfter(long bytes, long millis) {
        stallAfter = bytes;
        stallMillis = millis;
    }

    /** Blob GETs pause this long before each 16 KiB chunk: slow but steady. */
    void throttle(long millis) {
        millisPerChunk = millis;
    }

    /**
     * A link of {@code linkBytesPerSecond} shared by all transfers, each connection at most
     * {@code perConnectionBytesPerSecond} (what one TCP stream gets over a long round trip), and
     * {@code firstByteMillis} before each answer.
     */
    public void throttleLink(long linkBytesPerSecond, long perConnectionBytesPerSecond, long firstByteMillis) {
        link.set(linkBytesPerSecond, perConnectionBytesPerSecond, firstByteMillis);
    }

    void corrupt(boolean on) {
        corrupt = on;
    }

    /** The next {@code times} blob requests answer {@code status} (e.g. 503) with {@code Retry-After: 0}. */
    void fail(int times, int status) {
        failStatus = status;
        failuresLeft.set(times);
    }

    /** Where the hub's redirect sends a client for {@code sha}, on {@code base}. */
    URI linkFor(URI base, String sha) {
        String url = base + "/blobs/" + sha;
        if (!signed) {
            return URI.create(url + "?X-Amz-Signature=fake");
        }
        long now = Instant.now().getEpochSecond();
        int n = linksSigned.incrementAndGet(); // tells apart two links signed within one second
        String query = style == LinkStyle.AMZ
                ? "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=FAKE" + n + "%2Fus-east-1%2Fs3"
                        + "&X-Amz-Date=" + AMZ_DATE.format(Instant.ofEpochSecond(now)) + "&X-Amz-Expires=" + lifetimeSeconds
                : "Expires=" + (now + lifetimeSeconds) + "&Key-Pair-Id=K" + n;
        String signature = hmac("/blobs/" + sha + "?" + query);
        issued.add(signature);
        return URI.create(url + "?" + query + (style == LinkStyle.AMZ ? "&X-Amz-Signature=" : "&Signature=")
                + signature);
    }

    /** Serves {@code GET|HEAD /blobs/{sha}}. */
    void serve(HttpExchange ex, String sha) throws IOException {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().set("Retry-After", "0");
            ex.sendResponseHeaders(failStatus, -1);
            return;
        }
        if (refuseAll || refused.contains(sha) || !linkValid(ex.getRequestURI(), sha)) {
            byte[] body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(403, body.length);
            ex.getResponseBody().write(body);
            return;
        }
        byte[] data = bySha.get(sha);
        if (data == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        if (corrupt) {
            data = data.clone();
            data[data.length / 2] ^= 0x5a;
        }
        serveBytes(ex, data, true);
    }

    /** Sends {@code data}, or the part a {@code Range: bytes=N-} header asks for, applying the faults if asked. */
    void serveBytes(HttpExchange ex, byte[] data, boolean faults) throws IOException {
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= data.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
        }
        int length = data.length - from;
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().putIfAbsent("Content-Length", List.of(Integer.toString(length)));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ThrottledLink.Connection connection = faults ? link.open() : null;
        if (connection != null && !connection.firstByte()) {
            return;
        }
        ex.sendResponseHeaders(from > 0 ? 206 : 200, length);
        mostAtOnce.accumulateAndGet(sending.incrementAndGet(), Math::max);
        try {
            sendBody(ex, data, from, faults, connection);
        } finally {
            sending.decrementAndGet();
        }
    }

    private void sendBody(HttpExchange ex, byte[] data, int from, boolean faults, ThrottledLink.Connection connection)
            throws IOException {
        long cut = faults && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? cutAfter : -1;
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
                sleep(stallMillis);
                return;
            }
            if (faults && millisPerChunk > 0) {
                out.flush();
                if (!sleep(millisPerChunk)) {
                    return;
                }
            }
            if (connection != null && !connection.pace(n)) {
                return;
            }
            out.write(data, off, n);
        }
    }

    private boolean linkValid(URI requested, String sha) {
        if (!signed) {
            return true;
        }
        Map<String, String> q = new HashMap<>();
        String raw = requested.getRawQuery() == null ? "" : requested.getRawQuery();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String signatureKey = q.containsKey("X-Amz-Signature") ? "X-Amz-Signature" : "Signature";
        String signature = q.get(signatureKey);
        int at = raw.indexOf("&" + signatureKey + "=");
        if (signature == null || at < 0 || !signature.equals(hmac("/blobs/" + sha + "?" + raw.substring(0, at)))) {
            return false;
        }
        if (revoked.contains(signature)) {
            return false;
        }
        Instant expires = q.containsKey("X-Amz-Date")
                ? AMZ_DATE.parse(q.get("X-Amz-Date"), Instant::from).plusSeconds(Long.parseLong(q.get("X-Amz-Expires")))
                : Instant.ofEpochSecond(Long.parseLong(q.get("Expires")));
        return Instant.now().isBefore(expires);
    }

    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
