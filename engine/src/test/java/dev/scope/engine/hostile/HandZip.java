package dev.scope.engine.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files field by field, so that a test can make one lie: an entry that declares another size
 * than it holds, a ZIP64 offset near 2^63, a ZIP64 directory record that points anywhere.
 */
public final class HandZip {
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    /** One entry: its bytes as written, and what the directory will say about them. */
    private record Entry(String name, byte[] written, int method, long crc, long declaredSize, long localOffsetOverride) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private long zip64DirectoryAt = -1;

    /** An entry stored as it is. */
    public HandZip stored(String name, byte[] data) {
        entries.add(new Entry(name, data, STORED, crc(data), data.length, -1));
        return this;
    }

    /** An entry deflated, whose directory declares {@code declaredSize} (the truth when -1). */
    public HandZip deflated(String name, byte[] data, long declaredSize) {
        return deflated(name, data, 1, declaredSize);
    }

    /**
     * An entry of {@code repeats} copies of {@code data} deflated (a zip bomb is small to write and huge
     * to inflate), whose directory declares {@code declaredSize} (the truth when -1).
     */
    public HandZip deflated(String name, byte[] data, long repeats, long declaredSize) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        CRC32 crc = new CRC32();
        for (long r = 0; r < repeats; r++) {
            deflater.setInput(data);
            crc.update(data);
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        long truth = data.length * repeats;
        entries.add(new Entry(name, out.toByteArray(), DEFLATED, crc.getValue(),
                declaredSize < 0 ? truth : declaredSize, -1));
        return this;
    }

    /** The last entry's directory record points its local header at {@code offset}, through a ZIP64 extra. */
    public HandZip localOffset(long offset) {
        Entry last = entries.remove(entries.size() - 1);
        entries.add(new Entry(last.name, last.written, last.method, last.crc, last.declaredSize, offset));
        return this;
    }

    /** The end record defers to a ZIP64 directory record said to lie at {@code offset}. */
    public HandZip zip64DirectoryAt(long offset) {
        zip64DirectoryAt = offset;
        return this;
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes());
    }

    public byte[] bytes() {
        Le out = new Le();
        List<Long> offsets = new ArrayList<>();
        for (Entry e : entries) {
            offsets.add((long) out.size());
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            out.i32(0x04034b50).i16(20).i16(0).i16(e.method).i16(0).i16(0x21)
                    .i32(e.crc).i32(e.written.length).i32(e.declaredSize).i16(name.length).i16(0);
            out.raw(name).raw(e.written);
        }
        long cdStart = out.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            boolean zip64 = e.localOffsetOverride >= 0;
            out.i32(0x02014b50).i16(45).i16(zip64 ? 45 : 20).i16(0).i16(e.method).i16(0).i16(0x21)
                    .i32(e.crc).i32(e.written.length).i32(e.declaredSize).i16(name.length).i16(zip64 ? 12 : 0)
                    .i16(0).i16(0).i16(0).i32(0).i32(zip64 ? 0xffffffffL : offsets.get(i));
            out.raw(name);
            if (zip64) {
                out.i16(1).i16(8).i64(e.localOffsetOverride);
            }
        }
        long cdSize = out.size() - cdStart;
        if (zip64DirectoryAt >= 0) {
            out.i32(0x07064b50).i32(0).i64(zip64DirectoryAt).i32(1);
            out.i32(0x06054b50).i16(0).i16(0).i16(0xffff).i16(0xffff).i32(0xffffffffL).i32(0xffffffffL).i16(0);
        } else {
            out.i32(0x06054b50).i16(0).i16(0).i16(entries.size()).i16(entries.size()).i32(cdSize).i32(cdStart).i16(0);
        }
        return out.toByteArray();
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    /** Little-endian fields. */
    private static final class Le extends ByteArrayOutputStream {
        Le i16(int v) {
            write(v & 0xff);
            write((v >>> 8) & 0xff);
            return this;
        }

        Le i32(long v) {
            for (int i = 0; i < 4; i++) {
                write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Le i64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Le raw(byte[] b) {
            writeBytes(b);
            return this;
        }
    }
}
