package dev.scope.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names a weights file by its content, so that an index never mixes results of different weights: {@code
 * sha256:<hex>}. A file in the Hugging Face cache is a link to {@code blobs/<sha256>} (the LFS object id), so
 * its hash is read from the link; any other file is hashed (a 537 MB SAE in about a second).
 */
final class WeightFiles {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private WeightFiles() {
    }

    static String identity(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            Path target = Files.readSymbolicLink(file).getFileName();
            if (target != null && SHA256.matcher(target.toString()).matches()) {
                return "sha256:" + target;
            }
        }
        return "sha256:" + sha256(file);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputSink.INSTANCE);
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256, which every Java must have.", e);
        }
    }

    /** Discards what is written: the digest stream does the work. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
