package dev.scope.engine;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * The type the tower and the SAEs compute in, given where they run and how their weights are stored:
 * float16 on a GPU when the weights are float16, whose matrix units run half precision many times faster
 * (as PyTorch's {@code model.half()} does); float32 everywhere else. On the CPU, libtorch's half matrix
 * products are slower than float32 ones, so float16 weights only save memory there.
 */
public final class ComputeType {
    private ComputeType() {
    }

    public static DataType of(Device device, DataType storage) {
        return device.isGpu() && storage == DataType.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32;
    }
}
