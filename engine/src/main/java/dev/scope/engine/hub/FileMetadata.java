package dev.scope.engine.hub;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * What the hub's HEAD answer says about one file.
 *
 * @param commit   the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag     {@code X-Linked-Etag} or else {@code ETag}, unquoted: the sha256 of an LFS file, the git sha1 of others
 * @param size     {@code X-Linked-Size} or else {@code Content-Length}
 * @param location where to GET the bytes: the LFS redirect target, or the resolve URL itself
 */
record FileMetadata(String commit, String etag, long size, URI location) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** LFS files carry their sha256 as etag, which lets the download be verified. */
    boolean isLfs() {
        return SHA256.matcher(etag).matches();
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
