package dev.scope.engine.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named tensor whose bytes live outside the Java heap (usually a memory-mapped file region).
 * The buffer is little-endian and positioned at the first element.
 */
public record Tensor(String name, DType dtype, long[] shape, ByteBuffer data) {

    public Tensor {
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = byteSize(shape, dtype);
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("Tensor " + name + " has " + data.remaining()
                    + " bytes but " + dtype + Arrays.toString(shape) + " needs " + expected + ".");
        }
    }

    /**
     * The number of elements of {@code shape}.
     *
     * @throws IllegalArgumentException for a negative dimension or a count beyond a {@code long}, with a
     *     message that readers put after the file's name
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("has a negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("declares shape " + Arrays.toString(shape)
                        + ", whose element count overflows");
            }
        }
        return n;
    }

    /** The bytes {@code shape} takes in {@code dtype}; overflow is refused as in {@link #numel(long[])}. */
    public static long byteSize(long[] shape, DType dtype) {
        long n = numel(shape);
        if (n > Long.MAX_VALUE / dtype.bytes()) {
            throw new IllegalArgumentException("declares shape " + Arrays.toString(shape) + " of " + dtype
                    + ", whose size in bytes overflows");
        }
        return n * dtype.bytes();
    }

    public long numel() {
        return numel(shape);
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    /** Copies the values into a float array, widening F16 and BF16. */
    public float[] toFloats() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("Tensor " + name + " is too large for a Java array; use toNDArray.");
        }
        float[] out = new float[(int) n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
            }
            default -> throw new IllegalStateException("Tensor " + name + " has dtype " + dtype + ", not a float type.");
        }
        return out;
    }

    /**
     * A native array owned by {@code manager}, converted to {@code as}. DJL does not copy a direct
     * buffer: without a conversion the array reads this tensor's bytes in place (for a checkpoint, the
     * mapped file), and the buffer stays reachable from the array. With a conversion the array is a
     * copy, and the pages read to make it are given back ({@link MappedPages}).
     */
    public NDArray toNDArray(NDManager manager, DataType as) {
        NDArray raw = manager.create(data.duplicate().order(ByteOrder.LITTLE_ENDIAN), djlShape(), dtype.djl());
        if (raw.getDataType() == as) {
            return raw;
        }
        NDArray converted = raw.toType(as, false);
        raw.close();
        MappedPages.release(data);
        return converted;
    }

    /** IEEE 754 binary16 to float (JDK 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
