package dev.scope.engine.hub;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.util.HashMap;
import java.util.Map;

/**
 * When a presigned CDN link stops working, read from its query: S3-style {@code X-Amz-Date} plus
 * {@code X-Amz-Expires} (the Xet bridge), or CloudFront's {@code Expires} epoch seconds (the LFS CDN). The
 * server's clock is only compared with itself (the signing time, or the answer's {@code Date}), so a
 * machine whose clock is off still renews the link in time.
 */
final class PresignedLink {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final long MAX_LIFETIME_SECONDS = 7 * 24 * 3600; // S3's own limit on X-Amz-Expires

    private PresignedLink() {
    }

    /**
     * The local instant at which {@code link} expires, or null when its query names no expiry.
     *
     * @param serverNow the {@code Date} of the answer that gave the link, or null
     * @param now       this machine's clock when the answer arrived
     */
    static Instant expiry(URI link, Instant serverNow, Instant now) {
        Map<String, String> q = query(link);
        try {
            if (q.containsKey("X-Amz-Date") && q.containsKey("X-Amz-Expires")) {
                Instant signed = LocalDateTime.parse(q.get("X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
                long lifetime = Long.parseLong(q.get("X-Amz-Expires"));
                if (lifetime < 0 || lifetime > MAX_LIFETIME_SECONDS) {
                    return null;
                }
                return local(signed.plusSeconds(lifetime), serverNow != null ? serverNow : signed, now);
            }
            if (q.containsKey("Expires")) {
                Instant at = Instant.ofEpochSecond(Long.parseLong(q.get("Expires")));
                return local(at, serverNow != null ? serverNow : now, now);
            }
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            return null; // unreadable: a refused link is renewed all the same
        }
        return null;
    }

    private static Instant local(Instant serverExpiry, Instant serverNow, Instant now) {
        Duration left = Duration.between(serverNow, serverExpiry);
        return now.plus(left);
    }

    private static Map<String, String> query(URI link) {
        Map<String, String> q = new HashMap<>();
        String raw = link.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    q.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape: not a parameter we can read
                }
            }
        }
        return q;
    }
}
