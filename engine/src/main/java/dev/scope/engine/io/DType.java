package dev.scope.engine.io;

import ai.djl.ndarray.types.DataType;

/** Element types found in safetensors files and torch checkpoints. */
public enum DType {
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    BF16(2, DataType.BFLOAT16),
    F64(8, DataType.FLOAT64),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I16(2, DataType.INT16),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN);

    private final int bytes;
    private final DataType djl;

    DType(int bytes, DataType djl) {
        this.bytes = bytes;
        this.djl = djl;
    }

    public int bytes() {
        return bytes;
    }

    public DataType djl() {
        return djl;
    }

    /** Parses a safetensors dtype name such as {@code "F32"}; null when unknown. */
    public static DType ofSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
