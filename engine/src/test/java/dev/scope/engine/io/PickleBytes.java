package dev.scope.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand and packs entries into torch.save-style zips, for tests. */
public final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public PickleBytes op(char opcode) {
        out.write(opcode);
        return this;
    }

    public PickleBytes proto(int version) {
        out.write(0x80);
        out.write(version);
        return this;
    }

    /** GLOBAL: {@code c<module>\n<name>\n}. */
    public PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** INST: {@code i<module>\n<name>\n}, calls the class with the items since the mark. */
    public PickleBytes inst(String module, String name) {
        op('i');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** BINUNICODE. */
    public PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        writeInt(b.length);
        out.writeBytes(b);
        return this;
    }

    /** BININT. */
    public PickleBytes integer(int v) {
        op('J');
        writeInt(v);
        return this;
    }

    /** LONG1 with 8 little-endian bytes: any long. */
    public PickleBytes long1(long v) {
        op((char) 0x8a);
        out.write(8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    /** A tuple of LONG1s. */
    public PickleBytes longs(long... values) {
        mark();
        for (long v : values) {
            long1(v);
        }
        return tuple();
    }

    /** Bytes as they are. */
    public PickleBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Bytes given as ints 0..255. */
    public PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** Text as ASCII bytes (opcode arguments such as a LONG's digits). */
    public PickleBytes text(String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** {@code opcode} {@code times} times over. */
    public PickleBytes repeat(char opcode, int times) {
        byte[] run = new byte[times];
        java.util.Arrays.fill(run, (byte) opcode);
        out.writeBytes(run);
        return this;
    }

    public PickleBytes mark() {
        return op('(');
    }

    public PickleBytes tuple() {
        return op('t');
    }

    public PickleBytes emptyTuple() {
        return op(')');
    }

    public PickleBytes reduce() {
        return op('R');
    }

    public PickleBytes emptyDict() {
        return op('}');
    }

    public PickleBytes setItems() {
        return op('u');
    }

    public PickleBytes binPersId() {
        return op('Q');
    }

    public PickleBytes stackGlobal() {
        return op((char) 0x93);
    }

    public PickleBytes stop() {
        return op('.');
    }

    /** A tuple of small ints. */
    public PickleBytes ints(long... values) {
        mark();
        for (long v : values) {
            integer((int) v);
        }
        return tuple();
    }

    /** {@code _rebuild_tensor_v2(('storage', FloatStorage, key, 'cpu', numel), offset, size, stride, False, OrderedDict())}. */
    public PickleBytes floatTensor(String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer((int) numel).tuple();
        binPersId();
        integer((int) offset);
        ints(size);
        ints(stride);
        op((char) 0x89); // NEWFALSE
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void writeInt(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    /** Writes a zip whose entries are stored (the torch.save layout) or deflated. */
    public static Path zip(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream fos = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(fos)) {
            for (var e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                byte[] data = e.getValue();
                if (deflate) {
                    ze.setMethod(ZipEntry.DEFLATED);
                } else {
                    ze.setMethod(ZipEntry.STORED);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ze.setCrc(crc.getValue());
                    ze.setSize(data.length);
                    ze.setCompressedSize(data.length);
                }
                zip.putNextEntry(ze);
                zip.write(data);
                zip.closeEntry();
            }
        }
        return file;
    }

    /** The entries of an existing zip, in order. */
    public static Map<String, byte[]> entries(Path zipFile) throws IOException {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (ZipFile zf = new ZipFile(zipFile.toFile())) {
            for (var it = zf.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                out.put(e.getName(), zf.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }
}
