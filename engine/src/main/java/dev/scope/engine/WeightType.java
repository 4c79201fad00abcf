package dev.scope.engine;

import ai.djl.ndarray.types.DataType;

/** How weights are stored in memory; {@link ComputeType} says what the arithmetic runs in. */
public enum WeightType {
    FLOAT32(DataType.FLOAT32), FLOAT16(DataType.FLOAT16);

    private final DataType djl;

    WeightType(DataType djl) {
        this.djl = djl;
    }

    public DataType djl() {
        return djl;
    }

    public static WeightType parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "fp32" -> FLOAT32;
            case "float16", "f16", "fp16", "half" -> FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException("--dtype bfloat16 is not available: DJL 0.36's"
                    + " PyTorch engine aborts on bfloat16 arrays; use --dtype float16, which halves memory the same way.");
            default -> throw new IllegalArgumentException("The dtype \"" + text + "\" is not one of float32 or float16.");
        };
    }
}
