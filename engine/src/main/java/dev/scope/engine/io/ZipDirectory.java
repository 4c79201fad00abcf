package dev.scope.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip file, read by hand because {@link java.util.zip.ZipFile} does not
 * say where an entry's bytes lie, and only that lets a stored entry be memory-mapped in place.
 * Faults are reported as plain sentences; {@link TorchCheckpoint} adds the file name.
 */
final class ZipDirectory {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int EOCD_SIG = 0x06054b50;
    private static final int EOCD64_LOCATOR_SIG = 0x07064b50;
    private static final int EOCD64_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;

    /** One entry; {@code dataOffset} is where its (possibly compressed) bytes begin in the file. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    /** A zip structure that makes no sense; the message says what is wrong. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final Map<String, Entry> entries;

    private ZipDirectory(FileChannel channel, Map<String, Entry> entries) {
        this.channel = channel;
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    static ZipDirectory read(FileChannel ch) throws IOException, Malformed {
        long size = ch.size();
        if (size < EOCD_SIZE) {
            throw new Malformed("is " + size + " bytes, too short to be a zip file");
        }
        int tailLen = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
        ByteBuffer tail = readAt(ch, size - tailLen, tailLen);
        int eocd = -1;
        for (int i = tailLen - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new Malformed("has no zip directory (not a zip file, or cut short)");
        }
        long count = tail.getShort(eocd + 10) & 0xffff;
        long cdSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long eocdPos = size - tailLen + eocd;
            if (eocdPos < 20 || readAt(ch, eocdPos - 20, 20).getInt(0) != EOCD64_LOCATOR_SIG) {
                throw new Malformed("has a zip64 directory without its locator");
            }
            long eocd64Pos = readAt(ch, eocdPos - 20, 20).getLong(8);
            if (eocd64Pos < 0 || eocd64Pos + 56 > size) {
                throw new Malformed("has a zip64 directory record outside the file");
            }
            ByteBuffer e64 = readAt(ch, eocd64Pos, 56);
            if (e64.getInt(0) != EOCD64_SIG) {
                throw new Malformed("has a damaged zip64 directory record");
            }
            count = e64.getLong(32);
            cdSize = e64.getLong(40);
            cdOffset = e64.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
            throw new Malformed("has a zip directory that points outside the file (truncated?)");
        }
        ByteBuffer cd = readAt(ch, cdOffset, (int) cdSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL_SIG) {
                throw new Malformed("has a damaged zip directory");
            }
            int method = cd.getShort(p + 10) & 0xffff;
            long compressed = cd.getInt(p + 20) & 0xffffffffL;
            long uncompressed = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long localOffset = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nameLen + extraLen + commentLen > cd.limit()) {
                throw new Malformed("has a damaged zip directory");
            }
            byte[] nameBytes = new byte[nameLen];
            cd.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64: the fields saturated at 0xffffffff follow, in this order, in extra block 0x0001
            int x = p + 46 + nameLen;
            int xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = cd.getShort(x) & 0xffff;
                int len = cd.getShort(x + 2) & 0xffff;
                int q = x + 4;
                if (id == 1) {
                    if (uncompressed == 0xffffffffL && q + 8 <= x + 4 + len) {
                        uncompressed = cd.getLong(q);
                        q += 8;
                    }
                    if (compressed == 0xffffffffL && q + 8 <= x + 4 + len) {
                        compressed = cd.getLong(q);
                        q += 8;
                    }
                    if (localOffset == 0xffffffffL && q + 8 <= x + 4 + len) {
                        localOffset = cd.getLong(q);
                    }
                }
                x += 4 + len;
            }
            p = xEnd + commentLen;
            if (localOffset < 0 || localOffset + 30 > size) {
                throw new Malformed("places entry " + name + " outside the file (truncated?)");
            }
            ByteBuffer local = readAt(ch, localOffset, 30);
            if (local.getInt(0) != LOCAL_SIG) {
                throw new Malformed("has a damaged header for entry " + name);
            }
            long dataOffset = localOffset + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
            if (compressed < 0 || dataOffset + compressed > size) {
                throw new Malformed("is cut short: entry " + name + " needs bytes up to " + (dataOffset + compressed)
                        + " but the file has " + size);
            }
            entries.put(name, new Entry(name, method, compressed, uncompressed, dataOffset));
        }
        return new ZipDirectory(ch, entries);
    }

    /**
     * The bytes of an entry: a read-only mapping of the file region when stored, else inflated into
     * a direct buffer. Either way they live outside the Java heap.
     */
    ByteBuffer bytes(Entry e) throws IOException, Malformed {
        if (e.size() > Integer.MAX_VALUE - 8) {
            throw new Malformed("has entry " + e.name() + " of " + e.size() + " bytes, more than one buffer can hold");
        }
        if (e.method() == STORED) {
            if (e.compressedSize() != e.size()) {
                throw new Malformed("has a stored entry " + e.name() + " whose sizes disagree");
            }
            if (e.size() == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, e.dataOffset(), e.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (e.method() != DEFLATED) {
            throw new Malformed("compresses entry " + e.name() + " with zip method " + e.method()
                    + ", which only stored (0) and deflated (8) readers know");
        }
        ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, e.dataOffset(), e.compressedSize());
        ByteBuffer out = ByteBuffer.allocateDirect((int) e.size()).order(ByteOrder.LITTLE_ENDIAN);
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in);
            while (out.hasRemaining() && !inflater.finished()) {
                if (inflater.inflate(out) == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (out.hasRemaining()) {
                throw new Malformed("has a deflated entry " + e.name() + " that inflates to fewer bytes than its "
                        + e.size());
            }
        } catch (DataFormatException ex) {
            throw new Malformed("has a deflated entry " + e.name() + " with corrupt data");
        } finally {
            inflater.end();
        }
        return out.flip();
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
