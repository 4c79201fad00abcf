package dev.scope.engine.io;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pyrolite's unpickler restricted to what {@code torch.load(weights_only=True)} accepts for a
 * checkpoint of tensors: containers, scalars, {@code collections.OrderedDict}, torch's storage types
 * and tensor rebuild functions. Every opcode that names or calls a global is handled here, so
 * Pyrolite's own constructor registry (which maps e.g. {@code builtins}, {@code datetime} or
 * {@code copy_reg._reconstructor} to Java code) is never consulted, and a global outside the
 * allow-list is refused when it is named, before anything could call it.
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

    private final StorageSource storages;

    WeightsOnlyUnpickler(StorageSource storages) {
        this.storages = storages;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
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
                asMap(stack.peek()).put(k, value);
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
            map.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new Malformed("sets an item on a " + describe(o) + ", not a dictionary");
        }
        return (Map<Object, Object>) o;
    }

    private static String describe(Object o) {
        if (o instanceof Global g) {
            return g.name();
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
