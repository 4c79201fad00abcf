package dev.scope.engine;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComputeTypeTest {
    @Test
    void halfArithmeticOnlyOnAGpuWithHalfWeights() {
        assertEquals(DataType.FLOAT16, ComputeType.of(Device.gpu(), DataType.FLOAT16));
        assertEquals(DataType.FLOAT32, ComputeType.of(Device.gpu(), DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, ComputeType.of(Device.cpu(), DataType.FLOAT16));
        assertEquals(DataType.FLOAT32, ComputeType.of(Device.cpu(), DataType.FLOAT32));
    }
}
