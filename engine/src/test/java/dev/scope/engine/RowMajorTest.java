package dev.scope.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RowMajorTest {
    @Test
    void copiesATransposeValueForValueInItsOwnShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.arange(6f).reshape(2, 3);
            NDArray t = RowMajor.copyOf(a.transpose());
            assertEquals(new Shape(3, 2), t.getShape());
            // row-major order of the transpose: column 0 of a, then column 1, then column 2
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.flatten().toFloatArray());
        }
    }
}
