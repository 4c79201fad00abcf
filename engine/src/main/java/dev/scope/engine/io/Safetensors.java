package dev.scope.engine.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A memory-mapped safetensors file. The header is parsed and validated on open; each tensor is
 * mapped on its own when asked for, so files of any size work and only requested tensors are touched.
 *
 * <pre>
 * jshell&gt; var st = Safetensors.open(Path.of("model.safetensors"));
 * jshell&gt; st.tensor("vision_model.pre_layrnorm.weight").shape()
 * </pre>
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** Where one tensor lies in the file. */
    public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private final Path path;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private Safetensors(Path path, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.path = path;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    public static Safetensors open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "is " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw bad(path, "declares a header of " + headerLen + " bytes but the file has " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            return parse(path, json, 8 + headerLen, size);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such safetensors file");
        }
    }

    private static Safetensors parse(Path path, String json, long dataStart, long fileSize) throws IOException {
        JsonObject root;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw bad(path, "has a header that is not a JSON object");
            }
            root = el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw bad(path, "has a header that is not valid JSON");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long dataLen = fileSize - dataStart;
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (e.getValue().isJsonObject()) {
                    e.getValue().getAsJsonObject().entrySet()
                            .forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                }
                continue;
            }
            entries.put(name, entry(path, name, e.getValue(), dataLen));
        }
        checkNoOverlaps(path, entries.values());
        return new Safetensors(path, dataStart, Collections.unmodifiableMap(entries), metadata);
    }

    private static Entry entry(Path path, String name, JsonElement value, long dataLen) throws IOException {
        try {
            JsonObject o = value.getAsJsonObject();
            String dt = o.get("dtype").getAsString();
            DType dtype = DType.ofSafetensors(dt);
            if (dtype == null) {
                throw bad(path, "gives tensor " + name + " the unsupported dtype " + dt);
            }
            var shapeJson = o.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw bad(path, "gives tensor " + name + " a negative dimension");
                }
            }
            var offs = o.getAsJsonArray("data_offsets");
            if (offs == null || offs.size() != 2) {
                throw bad(path, "gives tensor " + name + " no [begin, end] data_offsets");
            }
            long begin = offs.get(0).getAsLong();
            long end = offs.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataLen) {
                throw bad(path, "places tensor " + name + " at bytes [" + begin + ", " + end
                        + ") but the data section has only " + dataLen + " bytes (truncated file?)");
            }
            long need = Tensor.numel(shape) * dtype.bytes();
            if (end - begin != need) {
                throw bad(path, "gives tensor " + name + " " + (end - begin) + " bytes but " + dtype
                        + java.util.Arrays.toString(shape) + " needs " + need);
            }
            return new Entry(name, dtype, shape, begin, end);
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw bad(path, "has a malformed header entry for tensor " + name);
        }
    }

    private static void checkNoOverlaps(Path path, java.util.Collection<Entry> entries) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw bad(path, "has overlapping tensors " + prev.name() + " and " + cur.name());
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buf.flip();
    }

    private static SafetensorsException bad(Path path, String what) {
        return new SafetensorsException("The safetensors file " + path + " " + what + "; re-download or re-export it.");
    }

    public Path path() {
        return path;
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Entry entry(String name) throws SafetensorsException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new SafetensorsException("The safetensors file " + path + " has no tensor named " + name + ".");
        }
        return e;
    }

    /** Maps one tensor; the mapping stays valid after this object is gone. */
    public Tensor tensor(String name) throws IOException {
        Entry e = entry(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long len = e.end() - e.begin();
            ByteBuffer buf = len == 0 ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), len);
            return new Tensor(name, e.dtype(), e.shape(), buf);
        }
    }

    /** Maps every tensor whose name passes {@code filter}, in file order. */
    public Map<String, Tensor> tensors(Predicate<String> filter) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : entries.keySet()) {
            if (filter.test(name)) {
                out.put(name, tensor(name));
            }
        }
        return out;
    }
}
