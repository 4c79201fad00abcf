package dev.scope.engine.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a downloaded file can be checked against besides its size: the sha256 an LFS or Xet file's etag is,
 * or the git blob id (sha1 of {@code "blob <size>\0"} and the bytes) a file kept in git has as its etag.
 * An etag of another form allows the size check only.
 */
final class ContentCheck {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    private final String expected;
    private final String kind;
    private final MessageDigest digest;
    private final byte[] prefix;

    private ContentCheck(String expected, String kind, MessageDigest digest, byte[] prefix) {
        this.expected = expected;
        this.kind = kind;
        this.digest = digest;
        this.prefix = prefix;
        reset();
    }

    static ContentCheck forEtag(String etag, long size) {
        if (SHA256.matcher(etag).matches()) {
            return new ContentCheck(etag, "sha256", digest("SHA-256"), new byte[0]);
        }
        if (SHA1.matcher(etag).matches()) {
            return new ContentCheck(etag, "git blob sha1", digest("SHA-1"),
                    ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        return new ContentCheck(etag, "size only", null, null);
    }

    boolean hashes() {
        return digest != null;
    }

    /** Forgets what was fed, for a transfer that starts over. */
    void reset() {
        if (digest != null) {
            digest.reset();
            digest.update(prefix);
        }
    }

    void update(java.nio.ByteBuffer bytes) {
        if (digest != null) {
            digest.update(bytes);
        }
    }

    /** Feeds the first {@code length} bytes of a file kept from an earlier attempt; stops at an interrupt. */
    void updateFrom(Path file, long length, String label) throws IOException {
        if (digest == null) {
            return;
        }
        byte[] buf = new byte[1 << 20];
        long left = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new DownloadCancelledException(label, length);
                }
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(file + " shrank while it was read");
                }
                digest.update(buf, 0, n);
                left -= n;
            }
        }
    }

    /** Null when the bytes fed are the announced ones (or nothing can be checked), else the mismatch. */
    ChecksumMismatchException mismatch(String label) {
        if (digest == null) {
            return null;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        return actual.equals(expected) ? null : new ChecksumMismatchException(label, kind, expected, actual);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
