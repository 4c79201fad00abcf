package dev.scope.engine.io;

import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip file, read by hand because {@link java.util.zip.ZipFile} does not
 * say where an entry's bytes lie, and only that lets a stored entry be memory-mapped in place.
 * Faults are reported as plain sentences; {@link TorchCheckpoint} adds the file name. Every offset and
 * size is checked against the file before it is used (without overflow, so a ZIP64 offset near 2^63 is
 * caught), and nothing is allocated at a size the file merely declares.
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
            if (eocd64Pos < 0 || eocd64Pos > size - 56) {
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
        if (cdOffset < 0 || cdSize < 0 || cdOffset > size || cdSize > size - cdOffset) {
            throw new Malformed("has a zip directory that points outside the file (truncated?)");
        }
        Limit.ZIP_DIRECTORY_BYTES.check(cdSize, "has a zip directory of %s");
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
            if (compressed < 0 || uncompressed < 0) {
                throw new Malformed("gives entry " + name + " a size beyond what a zip file can hold");
            }
            if (localOffset < 0 || localOffset > size - 30) {
                throw new Malformed("places entry " + name + " outside the file (truncated?)");
            }
            ByteBuffer local = readAt(ch, localOffset, 30);
            if (local.getInt(0) != LOCAL_SIG) {
                throw new Malformed("has a damaged header for entry " + name);
            }
            long dataOffset = localOffset + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
            if (compressed > size - dataOffset) {
                throw new Malformed("is cut short: entry " + name + " needs " + compressed + " bytes from byte "
                        + dataOffset + " but the file has " + size);
            }
            entries.put(name, new Entry(name, method, compressed, uncompressed, dataOffset));
        }
        return new ZipDirectory(ch, entries);
    }

    /**
     * The first {@code most} bytes of an entry (all of it when shorter): a read-only mapping of the file
     * region when stored, else inflated, never past {@code most} nor {@link Limit#INFLATED_BYTES}, into a
     * buffer that grows as bytes actually come out. Either way the result lives outside the Java heap.
     */
    ByteBuffer bytes(Entry e, long most) throws IOException, Malformed {
        long wanted = Math.min(e.size(), most);
        if (wanted > Integer.MAX_VALUE - 8) {
            throw new Malformed("has entry " + e.name() + " of " + e.size() + " bytes, more than one buffer can hold");
        }
        if (e.method() == STORED) {
            if (e.compressedSize() != e.size()) {
                throw new Malformed("has a stored entry " + e.name() + " whose sizes disagree");
            }
            if (wanted == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, e.dataOffset(), wanted).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (e.method() != DEFLATED) {
            throw new Malformed("compresses entry " + e.name() + " with zip method " + e.method()
                    + ", which only stored (0) and deflated (8) readers know");
        }
        Limit.INFLATED_BYTES.check(wanted, "has a compressed entry " + e.name() + " that would inflate to %s");
        byte[] out = inflate(e, (int) wanted);
        return ByteBuffer.allocateDirect(out.length).order(ByteOrder.LITTLE_ENDIAN).put(out).flip();
    }

    /** Exactly {@code wanted} inflated bytes of {@code e}, the buffer doubling only as they arrive. */
    private byte[] inflate(Entry e, int wanted) throws IOException, Malformed {
        ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, e.dataOffset(), e.compressedSize());
        byte[] out = new byte[Math.min(wanted, 1 << 16)];
        int n = 0;
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in);
            while (n < wanted && !inflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(wanted, 2L * out.length));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
        } catch (DataFormatException ex) {
            throw new Malformed("has a deflated entry " + e.name() + " with corrupt data");
        } finally {
            inflater.end();
        }
        if (n < wanted) {
            throw new Malformed("has a deflated entry " + e.name() + " that inflates to fewer bytes than its " + e.size());
        }
        return out;
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
