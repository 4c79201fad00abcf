package dev.scope.engine.io;

import dev.scope.engine.limits.Limit;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pyrolite's unpickler restricted to what {@code torch.load(weights_only=True)} accepts for a
 * checkpoint of tensors: containers, scalars, {@code collections.OrderedDict}, torch's storage types
 * and tensor rebuild functions. Every opcode that names or calls a global is handled here, so
 * Pyrolite's own constructor registry (which maps e.g. {@code builtins}, {@code datetime} or
 * {@code copy_reg._reconstructor} to Java code) is never consulted, and a global outside the
 * allow-list is refused when it is named, before anything could call it.
 *
 * <p>The work is bounded too ({@link Limit}): opcodes run, digits of a number, and, checked on the finished
 * object before anyone walks it, the nesting depth. Lengths announced by the pickle are checked against
 * the bytes that remain before anything is allocated, and only values Python can hash may be dict keys or
 * set members, so no key's {@code hashCode} walks a hostile structure.
 */
final class WeightsOnlyUnpickler extends Unpickler {

    /** Something a weights-only load refuses, as the tail of a sentence; the caller names the file. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message + REFUSAL);
        }
    }

    /** A pickle that does not make sense, as the tail of a sentence; the caller names the file. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    /** What a persistent id {@code ('storage', type, key, location, numel)} resolves to. */
    interface StorageSource {
        Storage storage(String key, DType dtype, long numel);
    }

    /** A torch storage: {@code numel} elements of {@code dtype} in a little-endian buffer. */
    record Storage(String key, DType dtype, long numel, java.nio.ByteBuffer data) {
    }

    /** An allowed global, as it sits on the pickle stack until it is called. */
    private record Global(String name, DType storageType) {
    }

    /** An {@code OrderedDict}: a map whose BUILD (setting {@code _metadata}) is accepted and ignored. */
    private static final class OrderedDict extends LinkedHashMap<Object, Object> {
    }

    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final Map<String, DType> STORAGE_TYPES = Map.of(
            "torch.FloatStorage", DType.F32,
            "torch.DoubleStorage", DType.F64,
            "torch.HalfStorage", DType.F16,
            "torch.BFloat16Storage", DType.BF16,
            "torch.LongStorage", DType.I64,
            "torch.IntStorage", DType.I32,
            "torch.ShortStorage", DType.I16,
            "torch.CharStorage", DType.I8,
            "torch.ByteStorage", DType.U8,
            "torch.BoolStorage", DType.BOOL);

    private static final String REFUSAL = ", which a weights-only load refuses";

    /** log10(256): decimal digits per byte of a binary LONG. */
    private static final double DIGITS_PER_BYTE = 2.4082399653118496;

    private final StorageSource storages;
    private final long maxOps = Limit.PICKLE_OPS.value();
    private final long maxDigits = Limit.NUMBER_DIGITS.value();
    private long ops;

    WeightsOnlyUnpickler(StorageSource storages) {
        this.storages = storages;
    }

    /** Unpickles {@code pickle} and checks the nesting of the result before anyone walks it. */
    Object load(byte[] pickle) throws IOException {
        Object root = load(new ByteArrayInputStream(pickle));
        PickleNesting.check(root, Limit.NESTING_DEPTH.value());
        return root;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        if (++ops > maxOps) {
            throw Limit.PICKLE_OPS.exceeded("has a pickle that runs on past");
        }
        switch (key) {
            case Opcodes.INT -> stack.add(intLiteral(numberLine("INT")));
            case Opcodes.LONG -> stack.add(PickleUtils.optimizeBigint(bigInteger(stripL(numberLine("LONG")))));
            case Opcodes.FLOAT -> stack.add(floatLiteral(numberLine("FLOAT")));
            case Opcodes.LONG1 -> stack.add(binaryLong(PickleUtils.readbyte(input)));
            case Opcodes.LONG4 -> stack.add(binaryLong(signedLength("LONG4")));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(counted("BINSTRING", signedLength("BINSTRING"))));
            case Opcodes.BINUNICODE -> stack.add(new String(counted("BINUNICODE", unsignedLength()), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(counted("BINUNICODE8", longLength()), StandardCharsets.UTF_8));
            case Opcodes.BINBYTES -> stack.add(counted("BINBYTES", unsignedLength()));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(counted("BINBYTES8", longLength()));
            case Opcodes.EMPTY_SET -> stack.add(new HashSet<>());
            case Opcodes.FROZENSET -> {
                List<Object> items = stack.pop_all_since_marker();
                items.forEach(WeightsOnlyUnpickler::requireHashable);
                stack.add(new HashSet<>(items));
            }
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                items.forEach(WeightsOnlyUnpickler::requireHashable);
                if (!(stack.peek() instanceof Set<?>)) {
                    throw new Malformed("adds set items to a " + describe(stack.peek()) + ", not a set");
                }
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) stack.peek();
                set.addAll(items);
            }
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new Malformed("has a STACK_GLOBAL whose module and name are not strings");
                }
                stack.add(global(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                throw new Refused("instantiates " + module + "." + name + " with the INST opcode");
            }
            case Opcodes.REDUCE -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, args));
            }
            case Opcodes.BUILD -> {
                stack.pop();
                Object target = stack.peek();
                if (!(target instanceof OrderedDict)) {
                    throw new Refused("sets the state of a " + describe(target) + " with the BUILD opcode");
                }
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> map = new LinkedHashMap<>();
                putPairs(map, items);
                stack.add(map);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), items);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                asMap(stack.peek()).put(requireHashable(k), value);
            }
            case Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX -> {
                throw new Refused("creates an object with the " + opcodeName(key) + " opcode");
            }
            case Opcodes.PERSID -> throw new Refused("uses a text persistent id");
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                    throw new Refused("names a global through the extension registry");
            case Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new Refused("refers to out-of-band pickle buffers");
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static Global global(String module, String name) {
        String full = module + "." + name;
        if (full.equals(ORDERED_DICT) || full.equals(REBUILD_TENSOR_V2) || full.equals(REBUILD_PARAMETER)) {
            return new Global(full, null);
        }
        DType storage = STORAGE_TYPES.get(full);
        if (storage != null) {
            return new Global(full, storage);
        }
        throw new Refused("refers to " + full);
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Global g) || g.storageType() != null) {
            throw new Refused("calls a " + describe(callable));
        }
        if (!(args instanceof Object[] a)) {
            throw new Malformed("calls " + g.name() + " without an argument tuple");
        }
        return switch (g.name()) {
            case ORDERED_DICT -> {
                if (a.length != 0) {
                    throw new Malformed("builds an OrderedDict from arguments, which torch.save never writes");
                }
                yield new OrderedDict();
            }
            case REBUILD_TENSOR_V2 -> rebuildTensor(a);
            case REBUILD_PARAMETER -> {
                if (a.length < 1 || !(a[0] instanceof Tensor t)) {
                    throw new Malformed("rebuilds a parameter from something that is not a tensor");
                }
                yield t;
            }
            default -> throw new IllegalStateException(g.name());
        };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])}. */
    private static Tensor rebuildTensor(Object[] a) {
        if (a.length < 4 || !(a[0] instanceof Storage storage) || !(a[1] instanceof Number offset)
                || !(a[2] instanceof Object[] sizeTuple) || !(a[3] instanceof Object[] strideTuple)
                || sizeTuple.length != strideTuple.length) {
            throw new Malformed("calls _rebuild_tensor_v2 with arguments that are not (storage, offset, size, stride, …)");
        }
        long[] shape = longs(sizeTuple);
        long[] stride = longs(strideTuple);
        return TensorLayout.view(storage, offset.longValue(), shape, stride);
    }

    private static long[] longs(Object[] tuple) {
        long[] out = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            if (!(tuple[i] instanceof Number n) || n.longValue() < 0) {
                throw new Malformed("gives a tensor a size or stride that is not a non-negative integer");
            }
            out[i] = n.longValue();
        }
        return out;
    }

    /** {@code ('storage', storage_type, key, location, numel)}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])
                || !(t[1] instanceof Global g) || g.storageType() == null
                || !(t[2] instanceof String storageKey) || !(t[4] instanceof Number numel)) {
            throw new Malformed("has a persistent id that is not ('storage', type, key, location, numel)");
        }
        if (numel.longValue() < 0) {
            throw new Malformed("declares storage " + storageKey + " with a negative size");
        }
        return storages.storage(storageKey, g.storageType(), numel.longValue());
    }

    private static void putPairs(Map<Object, Object> map, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new Malformed("has a dictionary with a key and no value");
        }
        for (int i = 0; i < items.size(); i += 2) {
            map.put(requireHashable(items.get(i)), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new Malformed("sets an item on a " + describe(o) + ", not a dictionary");
        }
        return (Map<Object, Object>) o;
    }

    /**
     * A dict key or set member must be hashable in Python: none of the mutable containers (nor a tensor,
     * which torch.save never uses as a key). Java would hash those by walking them.
     */
    private static Object requireHashable(Object key) {
        if (key == null || key instanceof String || key instanceof Number || key instanceof Boolean
                || key instanceof Object[] || key instanceof byte[]) {
            return key; // tuples and bytes hash by identity in Java: nothing is walked
        }
        throw new Malformed("uses a " + describe(key) + " as a dictionary key or set member, which Python refuses");
    }

    /** The text of an INT, LONG or FLOAT opcode, refused past the digit limit before anything parses it. */
    private String numberLine(String opcode) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        long allowed = maxDigits + 3; // a sign, a decimal point or an exponent's letters, Python 2's L suffix
        for (int c = input.read(); c != '\n'; c = input.read()) {
            if (c < 0) {
                throw new Malformed("ends inside the text of a " + opcode + " opcode");
            }
            if (++length <= allowed) {
                line.append((char) c);
            }
        }
        if (length > allowed) {
            Limit.NUMBER_DIGITS.check(length, maxDigits, "has a number of %s");
        }
        return line.toString();
    }

    private static Object intLiteral(String text) {
        return switch (text) {
            case "00" -> false; // protocol 0's False and True
            case "01" -> true;
            default -> {
                Number n = PickleUtils.optimizeBigint(bigInteger(text));
                yield n instanceof Long l && l == l.intValue() ? (Object) l.intValue() : n;
            }
        };
    }

    private static String stripL(String text) {
        return text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
    }

    private static BigInteger bigInteger(String text) {
        try {
            return new BigInteger(text.strip());
        } catch (NumberFormatException e) {
            throw new Malformed("has a number that is not an integer");
        }
    }

    private static Object floatLiteral(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new Malformed("has a FLOAT that is not a number");
        }
    }

    private Number binaryLong(long bytes) throws IOException {
        Limit.NUMBER_DIGITS.check((long) Math.ceil(bytes * DIGITS_PER_BYTE), maxDigits, "has a number of about %s");
        return PickleUtils.decode_long(counted("LONG", bytes));
    }

    /** {@code length} bytes of the pickle, refused before allocating when fewer remain. */
    private byte[] counted(String opcode, long length) throws IOException {
        long remaining = input.available(); // the pickle is in memory: this is exact
        if (length < 0 || length > remaining) {
            throw new Malformed("has a " + opcode + " of " + length + " bytes where only " + remaining
                    + " bytes of the pickle remain");
        }
        return PickleUtils.readbytes(input, (int) length);
    }

    private long signedLength(String opcode) throws IOException {
        long n = PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4));
        if (n < 0) {
            throw new Malformed("has a " + opcode + " with a negative length");
        }
        return n;
    }

    private long unsignedLength() throws IOException {
        return PickleUtils.bytes_to_uint(PickleUtils.readbytes(input, 4), 0);
    }

    private long longLength() throws IOException {
        return PickleUtils.bytes_to_long(PickleUtils.readbytes(input, 8), 0);
    }

    /** A value in a few words: its Python type, or the global it names. */
    static String describe(Object o) {
        if (o instanceof Global g) {
            return g.name();
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof Set<?>) {
            return "set";
        }
        if (o instanceof Object[]) {
            return "tuple";
        }
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private static String opcodeName(short key) {
        return switch (key) {
            case Opcodes.OBJ -> "OBJ";
            case Opcodes.NEWOBJ -> "NEWOBJ";
            case Opcodes.NEWOBJ_EX -> "NEWOBJ_EX";
            default -> "0x" + Integer.toHexString(key);
        };
    }
}
