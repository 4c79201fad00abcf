package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Matrix;
import dev.scope.engine.MatrixProduct;
import dev.scope.engine.RowMajor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** {@link HalfScreen}: the top k of a few rows against float16 weights, screened in float16 and proved in float32. */
class HalfScreenTest {
    @AutoClose
    private static final NDManager manager = NDManager.newBaseManager();

    /** Fixture rows a few at a time (every fifth group): the proved top k is the top k of the full float32 product. */
    @Test
    void provesTheSameTopKAsTheFullProductOnTheFixtures() throws IOException {
        for (int layer : new int[] {2, 5}) {
            SaeCheckpoint ckpt = SaeCheckpoint.read(SaeReference.checkpoint(layer));
            Matrix input = SaeReference.matrix(layer, "input");
            try (NDManager scope = manager.newSubManager()) {
                NDArray encT = RowMajor.copyOf(ckpt.enc().toNDArray(scope, DataType.FLOAT16).transpose());
                NDArray wide = encT.toType(DataType.FLOAT32, false);
                float maxRowNorm = wide.norm(new int[] {1}).max().getFloat();
                NDArray x = scope.create(input.data(), new Shape(input.rows(), input.cols()))
                        .sub(ckpt.preB().toNDArray(scope, DataType.FLOAT32));
                int k = ckpt.k();
                for (int from = 0; from < input.rows(); from += 5 * TopKSae.SCREENED_ROWS) {
                    String rows = "layer " + layer + ", rows " + from + "+";
                    NDArray part = x.get(from + ":" + Math.min(input.rows(), from + TopKSae.SCREENED_ROWS));
                    NDList screened = HalfScreen.topK(scope, part, encT, maxRowNorm, k);
                    assertNotNull(screened, rows + ": not proved");
                    NDList full = MatrixProduct.mkl(part, wide).topK(k, 1, true, true);
                    assertArrayEquals(sorted(full.get(1)), sorted(screened.get(1)), rows);
                    assertTrue(full.get(0).sub(screened.get(0)).abs().max().getFloat() < 1e-5f, rows);
                }
            }
        }
    }

    @Test
    void provesNothingWhenTheKthValueIsTied() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray encT = scope.ones(new Shape(512, 64)).toType(DataType.FLOAT16, false); // every latent alike
            NDArray x = scope.randomNormal(new Shape(1, 64));
            assertNull(HalfScreen.topK(scope, x, encT, 8f, 8));
        }
    }

    @Test
    void provesNothingForARowBeyondFloat16sRange() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray encT = scope.randomNormal(new Shape(512, 64)).toType(DataType.FLOAT16, false);
            float norm = encT.toType(DataType.FLOAT32, false).norm(new int[] {1}).max().getFloat();
            NDArray x = scope.randomNormal(new Shape(2, 64)).mul(1e6f);
            assertNull(HalfScreen.topK(scope, x, encT, norm, 8));
        }
    }

    /**
     * Through TopKSae: a float16 SAE gives, on one row, a few rows and many, what a float32 SAE with the
     * same (rounded) weights gives; the rows beyond float16's range take the float32 path.
     */
    @Test
    void aFloat16SaeMatchesAFloat32OneWithTheSameWeights() throws IOException {
        SaeCheckpoint ckpt = SaeCheckpoint.read(SaeReference.checkpoint(2));
        Matrix input = SaeReference.matrix(2, "input");
        float[] huge = input.rows(0, 2).data().clone();
        for (int i = 0; i < huge.length; i++) {
            huge[i] *= 1e5f;
        }
        try (NDManager scope = manager.newSubManager();
             TopKSae half = TopKSae.load(ckpt, scope, DataType.FLOAT16);
             TopKSae full = TopKSae.of(scope, ckpt.k(), ckpt.preB().toNDArray(scope, DataType.FLOAT32),
                     rounded(scope, ckpt.enc().toNDArray(scope, DataType.FLOAT32)),
                     rounded(scope, ckpt.dec().toNDArray(scope, DataType.FLOAT32)), DataType.FLOAT32)) {
            for (Matrix x : new Matrix[] {input.rows(0, 1), input.rows(257, 260), input.rows(0, 40), input,
                    new Matrix(2, input.cols(), huge)}) {
                SaeOutput a = half.forwardVerbose(x);
                SaeOutput b = full.forwardVerbose(x);
                float scale = 1;
                for (float v : b.values()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertSameTopK(b, a, 1e-5f * scale, x.toString());
                assertArrayEquals(b.reconstruction().data(), a.reconstruction().data(), 1e-4f * scale, x + " reconstruction");
            }
        }
    }

    /**
     * Values rank by rank within {@code tolerance}; the same latents, but where two of them are within
     * the tolerance of the k-th value (float32 sums in another order may swap such a pair).
     */
    static void assertSameTopK(SaeOutput expected, SaeOutput actual, float tolerance, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        int k = expected.k();
        for (int r = 0; r < expected.rows(); r++) {
            float kth = expected.value(r, k - 1);
            for (int j = 0; j < k; j++) {
                assertEquals(expected.value(r, j), actual.value(r, j), tolerance, what + " row " + r + " rank " + j);
                int id = actual.index(r, j);
                boolean found = false;
                for (int i = 0; i < k; i++) {
                    found |= expected.index(r, i) == id;
                }
                assertTrue(found || Math.abs(actual.value(r, j) - kth) <= tolerance,
                        what + " row " + r + ": latent " + id + " kept but not expected, and not tied with the k-th");
            }
        }
    }

    private static NDArray rounded(NDManager scope, NDArray a) {
        return a.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
    }

    private static long[] sorted(NDArray ids) {
        long[] a = ids.toLongArray();
        int rows = (int) ids.getShape().get(0);
        int k = (int) ids.getShape().get(1);
        for (int r = 0; r < rows; r++) {
            Arrays.sort(a, r * k, r * k + k);
        }
        return a;
    }
}
