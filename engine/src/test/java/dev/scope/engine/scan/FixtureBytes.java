package dev.scope.engine.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads a torch checkpoint's storage straight from its zip with java.util.zip: a reader independent of the engine's. */
final class FixtureBytes {
    private FixtureBytes() {
    }

    /** The little-endian float32 values of zip entry {@code entry} (a storage such as {@code 1000/data/3}). */
    static float[] floats(Path checkpoint, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw new IOException(checkpoint + " has no entry " + entry);
            }
            try (InputStream in = zip.getInputStream(e)) {
                ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                float[] out = new float[b.remaining() / 4];
                b.asFloatBuffer().get(out);
                return out;
            }
        }
    }
}
