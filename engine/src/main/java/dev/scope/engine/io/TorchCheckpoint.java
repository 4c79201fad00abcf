package dev.scope.engine.io;

import dev.scope.engine.limits.Limit;
import net.razorvine.pickle.PickleException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code torch.save} checkpoint (the zip format of torch ≥ 1.6), read the way
 * {@code torch.load(weights_only=True)} reads it: the pickle may build only containers, scalars,
 * {@code OrderedDict}s and tensors; any other global it names is refused and nothing is executed.
 * Tensor bytes are memory-mapped in place from the zip (torch stores them uncompressed), so a
 * checkpoint of any size costs no Java heap; the mappings outlive this object.
 *
 * <p>The unpickled object comes back as Java values: dicts as {@code Map} (in file order), lists as
 * {@code List}, tuples as {@code Object[]}, ints as {@code Integer}/{@code Long}/{@code BigInteger},
 * floats as {@code Double}, str as {@code String}, tensors as {@link Tensor}.
 *
 * <p>Every fault, and every {@link Limit} a hostile file runs into, is a {@link TorchCheckpointException}
 * whose message is one sentence naming the file.
 *
 * <pre>
 * jshell&gt; var ckpt = TorchCheckpoint.read(Path.of("2_resid/1200013184.pt"));
 * jshell&gt; ckpt.tensor("model_state_dict.enc")   // model_state_dict.enc F32[1024, 65536]
 * jshell&gt; ckpt.find("k")                        // 32
 * </pre>
 */
public final class TorchCheckpoint {
    /** torch.save writes "little" or "big" here. */
    private static final long MAX_BYTEORDER_BYTES = 16;
    private static final String REFUSED_ADVICE = "; use a checkpoint saved with torch.save of tensors only.";
    private static final String DAMAGED_ADVICE = "; re-download it or save it again with torch.save.";

    private final Path path;
    private final Object root;

    private TorchCheckpoint(Path path, Object root) {
        this.path = path;
        this.root = root;
    }

    public static TorchCheckpoint read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new TorchCheckpointException("The checkpoint " + file + " is "
                    + (Files.isDirectory(file) ? "a folder" : "not a regular file (a device, pipe or socket)")
                    + "; pass a .pt file written by torch.save.");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such checkpoint file");
        } catch (Limit.Exceeded e) {
            throw new TorchCheckpointException("The checkpoint " + file + " " + e.getMessage() + ".");
        } catch (StackOverflowError e) { // the nesting limit should prevent this; never let it reach the user
            throw damaged(file, "nests its data too deeply to be read");
        } catch (TorchCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new TorchCheckpointException("The checkpoint " + file + " could not be read (" + e.getMessage()
                    + "); check the file and the disk it is on.");
        }
    }

    private static TorchCheckpoint read(Path file, FileChannel ch) throws IOException {
        ZipDirectory zip;
        try {
            zip = ZipDirectory.read(ch);
        } catch (ZipDirectory.Malformed e) {
            throw damaged(file, looksLikeLegacyPickle(ch)
                    ? "is in torch's legacy (pre-1.6) format, not the zip format"
                    : e.getMessage());
        }
        ZipDirectory.Entry pickle = findPickle(zip);
        if (pickle == null) {
            throw damaged(file, "is a zip file without a <name>/data.pkl entry, so not a torch.save checkpoint");
        }
        String prefix = pickle.name().substring(0, pickle.name().length() - "data.pkl".length());
        checkByteOrder(file, zip, prefix);
        Limit.PICKLE_BYTES.check(pickle.size(), "has a data.pkl of %s");
        byte[] pickleBytes = bytesOf(file, zip, pickle, Limit.PICKLE_BYTES.value());
        return new TorchCheckpoint(file, unpickle(file, zip, prefix, pickleBytes));
    }

    private static Object unpickle(Path file, ZipDirectory zip, String prefix, byte[] pickle)
            throws TorchCheckpointException {
        Map<String, WeightsOnlyUnpickler.Storage> cache = new HashMap<>();
        WeightsOnlyUnpickler unpickler = new WeightsOnlyUnpickler((key, dtype, numel) ->
                cache.computeIfAbsent(key, k -> storage(file, zip, prefix, k, dtype, numel)));
        try {
            return unpickler.load(pickle);
        } catch (Limit.InvalidSetting e) {
            throw e;
        } catch (WeightsOnlyUnpickler.Refused e) {
            throw new TorchCheckpointException("The checkpoint " + file + " " + e.getMessage() + REFUSED_ADVICE);
        } catch (WeightsOnlyUnpickler.Malformed e) {
            throw damaged(file, e.getMessage());
        } catch (StorageFault e) {
            throw (TorchCheckpointException) e.getCause();
        } catch (IOException | PickleException | ClassCastException | IndexOutOfBoundsException
                 | ArithmeticException | IllegalArgumentException | NullPointerException e) {
            throw damaged(file, "has a data.pkl that is not a readable pickle");
        }
    }

    /** Carries a checked fault out of the storage callback. */
    private static final class StorageFault extends RuntimeException {
        StorageFault(TorchCheckpointException cause) {
            super(cause);
        }
    }

    private static WeightsOnlyUnpickler.Storage storage(Path file, ZipDirectory zip, String prefix, String key,
                                                        DType dtype, long numel) {
        ZipDirectory.Entry e = zip.entries().get(prefix + "data/" + key);
        if (e == null) {
            throw new StorageFault(damaged(file, "refers to storage " + key + " but has no entry " + prefix + "data/" + key));
        }
        long need;
        try {
            need = Math.multiplyExact(numel, dtype.bytes());
        } catch (ArithmeticException overflow) {
            throw new StorageFault(damaged(file, "declares storage " + key + " of " + numel + " " + dtype
                    + " values, more bytes than a file can hold"));
        }
        if (e.size() < need) {
            throw new StorageFault(damaged(file, "has storage " + key + " of " + e.size() + " bytes where " + numel
                    + " " + dtype + " values need " + need + " (truncated?)"));
        }
        try {
            ByteBuffer data = zip.bytes(e, need).limit((int) need);
            return new WeightsOnlyUnpickler.Storage(key, dtype, numel, data);
        } catch (ZipDirectory.Malformed m) {
            throw new StorageFault(damaged(file, m.getMessage()));
        } catch (IOException io) {
            throw new StorageFault(damaged(file, "could not be mapped (" + io.getMessage() + ")"));
        }
    }

    private static ZipDirectory.Entry findPickle(ZipDirectory zip) {
        for (ZipDirectory.Entry e : zip.entries().values()) {
            String n = e.name();
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                return e;
            }
        }
        return null;
    }

    private static void checkByteOrder(Path file, ZipDirectory zip, String prefix) throws IOException {
        ZipDirectory.Entry e = zip.entries().get(prefix + "byteorder");
        if (e == null) {
            return; // older writers omit it; they wrote little-endian
        }
        if (e.size() > MAX_BYTEORDER_BYTES) {
            throw damaged(file, "has a byteorder entry of " + e.size() + " bytes where torch.save writes little or big");
        }
        String order = new String(bytesOf(file, zip, e, MAX_BYTEORDER_BYTES), StandardCharsets.US_ASCII).trim();
        if (order.equals("big")) {
            throw new TorchCheckpointException("The checkpoint " + file + " stores its tensors big-endian;"
                    + " save it again with torch.save on a little-endian machine.");
        }
        if (!order.equals("little")) {
            throw damaged(file, "has a byteorder entry that says neither little nor big");
        }
    }

    private static byte[] bytesOf(Path file, ZipDirectory zip, ZipDirectory.Entry e, long most) throws IOException {
        try {
            ByteBuffer b = zip.bytes(e, most);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (ZipDirectory.Malformed m) {
            throw damaged(file, m.getMessage());
        }
    }

    private static boolean looksLikeLegacyPickle(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(2);
        ch.read(head, 0);
        return head.position() == 2 && head.get(0) == (byte) 0x80 && head.get(1) >= 2 && head.get(1) <= 5;
    }

    private static TorchCheckpointException damaged(Path file, String what) {
        return new TorchCheckpointException("The checkpoint " + file + " " + what + DAMAGED_ADVICE);
    }

    public Path path() {
        return path;
    }

    /** The object that was saved, usually a {@code Map}. */
    public Object root() {
        return root;
    }

    /**
     * The value at a dotted key such as {@code model_state_dict.enc}, or null when there is none.
     * Keys that themselves contain dots ({@code "encoder.weight"}) are matched whole first.
     */
    public Object find(String dottedKey) {
        return find(root, dottedKey);
    }

    private static Object find(Object node, String key) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.containsKey(key)) {
            return map.get(key);
        }
        for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
            Object child = map.get(key.substring(0, dot));
            if (child != null) {
                Object found = find(child, key.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The tensor at a dotted key, named by that key. */
    public Tensor tensor(String dottedKey) throws TorchCheckpointException {
        Object value = find(dottedKey);
        if (!(value instanceof Tensor t)) {
            throw new TorchCheckpointException("The checkpoint " + path + " has no tensor " + dottedKey
                    + (value == null ? "" : " (it holds a " + value.getClass().getSimpleName() + " there)")
                    + "; check that it is the checkpoint you meant.");
        }
        return new Tensor(dottedKey, t.dtype(), t.shape(), t.data());
    }

    /** Every tensor, by dotted key, in file order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", root, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collect(String name, Object node, Map<String, Tensor> out, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return; // a pickle may make a container hold itself
        }
        if (node instanceof Tensor t) {
            out.put(name, new Tensor(name, t.dtype(), t.shape(), t.data()));
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(name.isEmpty() ? String.valueOf(k) : name + "." + k, v, out, seen));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(name.isEmpty() ? String.valueOf(i) : name + "." + i, list.get(i), out, seen);
            }
        } else if (node instanceof Object[] tuple) {
            collect(name, Arrays.asList(tuple), out, seen);
        }
    }

    @Override
    public String toString() {
        return "TorchCheckpoint(" + path + ")";
    }
}
