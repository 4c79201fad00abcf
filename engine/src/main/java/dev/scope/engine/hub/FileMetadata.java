package dev.scope.engine.hub;

import java.net.URI;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What the hub's HEAD answer says about one file.
 *
 * @param commit      the commit the revision resolved to ({@code X-Repo-Commit}), 40 hex characters
 * @param etag        {@code X-Linked-Etag} or else {@code ETag}, unquoted: the sha256 of an LFS or Xet file, the
 *                    git blob sha1 of a file kept in git
 * @param size        {@code X-Linked-Size}, or {@code Content-Length} when the answer is not a redirect
 * @param location    where to GET the bytes: the presigned CDN link of a large file, else the file's resolve
 *                    URL at {@code commit}
 * @param linkExpires when a presigned {@code location} stops working, by this machine's clock; null when
 *                    the link does not say
 */
record FileMetadata(String commit, String etag, long size, URI location, Instant linkExpires) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** What may become a blob's file name: the hub's hex hashes, and nothing that could leave blobs/. */
    private static final Pattern USABLE_ETAG = Pattern.compile("[A-Za-z0-9_+=-][A-Za-z0-9_.+=-]{0,127}");

    /** LFS and Xet files carry their sha256 as etag, which lets the download be verified. */
    boolean isLfs() {
        return SHA256.matcher(etag).matches();
    }

    /** True when the link is gone by {@code when}. */
    boolean linkExpiresBefore(Instant when) {
        return linkExpires != null && !linkExpires.isAfter(when);
    }

    static boolean isCommit(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    static boolean isUsableEtag(String s) {
        return s != null && USABLE_ETAG.matcher(s).matches();
    }

    /** {@code W/"abc"} or {@code "abc"} → {@code abc}, as huggingface_hub names blobs. */
    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
