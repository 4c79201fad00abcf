package dev.scope.engine.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The header is read within {@link Limit#JSON_BYTES} and {@link Limit#NESTING_DEPTH}; every fault is a
 * {@link SafetensorsException} whose message is one sentence naming the file.
 *
 * <pre>
 * jshell&gt; var st = Safetensors.open(Path.of("model.safetensors"));
 * jshell&gt; st.tensor("vision_model.pre_layrnorm.weight").shape()
 * </pre>
 */
public final class Safetensors {
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
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new SafetensorsException("The safetensors file " + path + " is "
                    + (Files.isDirectory(path) ? "a folder" : "not a regular file (a device, pipe or socket)")
                    + "; pass a .safetensors file.");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "is " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > size - 8) {
                throw bad(path, "declares a header of " + headerLen + " bytes but the file has " + size);
            }
            Limit.JSON_BYTES.check(headerLen, "declares a header of %s");
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            return parse(path, json, 8 + headerLen, size);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such safetensors file");
        } catch (Limit.Exceeded e) {
            throw new SafetensorsException("The safetensors file " + path + " " + e.getMessage() + ".");
        } catch (StackOverflowError e) { // the depth limit should prevent this; never let it reach the user
            throw bad(path, "has a header nested too deeply to read");
        } catch (SafetensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafetensorsException("The safetensors file " + path + " could not be read (" + e.getMessage()
                    + "); check the file and the disk it is on.");
        }
    }

    private static Safetensors parse(Path path, String json, long dataStart, long fileSize) throws IOException {
        JsonObject root;
        try {
            JsonElement el = JsonInput.parse(json);
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
                readMetadata(path, e.getValue(), metadata);
                continue;
            }
            entries.put(name, entry(path, name, e.getValue(), dataLen));
        }
        checkNoOverlaps(path, entries.values());
        return new Safetensors(path, dataStart, Collections.unmodifiableMap(entries), metadata);
    }

    /** {@code __metadata__} is a map of strings to strings, as the safetensors format defines it. */
    private static void readMetadata(Path path, JsonElement value, Map<String, String> into) throws SafetensorsException {
        if (!value.isJsonObject()) {
            throw bad(path, "has a __metadata__ that is not an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
                throw bad(path, "gives __metadata__ key \"" + shortened(m.getKey()) + "\" a value that is not a string");
            }
            into.put(m.getKey(), m.getValue().getAsString());
        }
    }

    private static Entry entry(Path path, String name, JsonElement value, long dataLen) throws IOException {
        if (!value.isJsonObject()) {
            throw bad(path, "has a malformed header entry for tensor " + shortened(name));
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw bad(path, "gives tensor " + shortened(name) + " no dtype");
        }
        DType dtype = DType.ofSafetensors(dt.getAsString());
        if (dtype == null) {
            throw bad(path, "gives tensor " + shortened(name) + " the unsupported dtype " + shortened(dt.getAsString()));
        }
        long[] shape = integers(o.get("shape"), -1);
        if (shape == null) {
            throw bad(path, "gives tensor " + shortened(name) + " a shape that is not a list of non-negative integers");
        }
        long[] offs = integers(o.get("data_offsets"), 2);
        if (offs == null) {
            throw bad(path, "gives tensor " + shortened(name) + " no [begin, end] data_offsets of non-negative integers");
        }
        long begin = offs[0];
        long end = offs[1];
        if (end < begin || end > dataLen) {
            throw bad(path, "places tensor " + shortened(name) + " at bytes [" + begin + ", " + end
                    + ") but the data section has only " + dataLen + " bytes (truncated file?)");
        }
        long need;
        try {
            need = Tensor.byteSize(shape, dtype);
        } catch (IllegalArgumentException e) {
            throw bad(path, "has tensor " + shortened(name) + " that " + e.getMessage());
        }
        if (end - begin != need) {
            throw bad(path, "gives tensor " + shortened(name) + " " + (end - begin) + " bytes but " + dtype
                    + java.util.Arrays.toString(shape) + " needs " + need);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers that fit a long ({@code size} of them unless -1), else null. */
    private static long[] integers(JsonElement json, int size) {
        if (json == null || !json.isJsonArray() || (size >= 0 && json.getAsJsonArray().size() != size)) {
            return null;
        }
        JsonArray array = json.getAsJsonArray();
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(array.get(i) instanceof JsonPrimitive p) || !p.isNumber()) {
                return null;
            }
            try {
                BigDecimal d = p.getAsBigDecimal();
                out[i] = d.longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
            if (out[i] < 0) {
                return null;
            }
        }
        return out;
    }

    /** A name from the file, cut short for a message. */
    private static String shortened(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
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
