package dev.scope.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The encoder's product on oneDNN (a 1×1 convolution) against MKL (Linear) and against plain Java, on
 * the shapes TopKSae sends to the convolution. oneDNN 3.7.1 is wrong on some other shapes (see
 * {@link MatrixProduct}); if an upgrade breaks one of these, this test says which.
 */
class MatrixProductTest {
    @AutoClose
    private static final NDManager manager = NDManager.newBaseManager();

    @Test
    void theConvolutionAgreesWithMklOnTheShapesItIsUsedFor() {
        int[][] shapes = { // rows, d_in, width
                {192, 64, 192}, {193, 64, 384}, {257, 64, 4032}, {643, 64, 384}, {1285, 64, 1920},
                {192, 1024, 192}, {257, 1024, 960}, {257, 1024, 4032}, {1028, 1024, 1920}};
        Random random = new Random(3);
        for (int[] s : shapes) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(gaussian(random, s[0] * s[1]), new Shape(s[0], s[1]));
                NDArray rows = scope.create(gaussian(random, s[2] * s[1]), new Shape(s[2], s[1]));
                assertTrue(MatrixProduct.usesConvolution(s[0], s[1], s[2]), "rows " + s[0] + ", width " + s[2]);
                NDArray conv = MatrixProduct.convolution(x, rows);
                NDArray mkl = MatrixProduct.mkl(x, rows);
                assertEquals(new Shape(s[0], s[2]), conv.getShape());
                float worst = conv.sub(mkl).abs().max().getFloat();
                // sums of d_in products of unit normals: float32 in two summation orders differ by ~1e-6 of √d_in·10
                assertTrue(worst < 1e-3f, "rows " + s[0] + ", d_in " + s[1] + ", width " + s[2] + ": max |Δ| " + worst);
            }
        }
    }

    /** One row, a few (MKL) and many (oneDNN: with 64 channels, enough pixels that libtorch hands it the convolution). */
    @Test
    void theProductIsTheDotProductOfEachRowWithEachLatent() {
        for (int t : new int[] {1, 3, 400}) {
            assertDotProducts(t, 64, 384);
        }
        assertDotProducts(400, 64, 400); // 384 columns on oneDNN, 16 on MKL
    }

    /**
     * The tower's layers (qkv, out, fc1, fc2 of ViT-L at batch 1 and 8) and widths oneDNN gets wrong whole
     * (4,096 on 100 rows): split into a multiple of 192 columns on oneDNN and the rest on MKL, each product
     * agrees with MKL's, and {@link MatrixProduct#linear} adds the bias over any leading shape.
     */
    @Test
    void aWidthOfAnyMultipleIsSplitBetweenTheLibrariesAndAgreesWithMkl() {
        int[][] shapes = {{257, 1024, 3072}, {257, 1024, 1024}, {257, 1024, 4096}, {257, 4096, 1024},
                {2056, 1024, 4096}, {200, 1024, 4096}, {514, 64, 256}};
        Random random = new Random(4);
        for (int[] s : shapes) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(gaussian(random, s[0] * s[1]), new Shape(2, s[0] / 2, s[1]));
                NDArray w = scope.create(gaussian(random, s[2] * s[1]), new Shape(s[2], s[1]));
                NDArray bias = scope.create(gaussian(random, s[2]), new Shape(s[2]));
                NDArray ours = MatrixProduct.linear(x, w, bias);
                NDArray mkl = ai.djl.nn.core.Linear.linear(x, w, bias).singletonOrThrow();
                assertEquals(new Shape(2, s[0] / 2, s[2]), ours.getShape());
                float worst = ours.sub(mkl).abs().max().getFloat();
                assertTrue(worst < 1e-3f, "rows " + s[0] + ", d_in " + s[1] + ", width " + s[2] + ": max |Δ| " + worst);
            }
        }
    }

    private static void assertDotProducts(int t, int dIn, int width) {
        Random random = new Random(5);
        float[] x = new float[t * dIn];
        float[] w = new float[width * dIn];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(9) - 4;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextInt(21) - 10;
        }
        try (NDManager scope = manager.newSubManager()) {
            float[] product = MatrixProduct.times(scope.create(x, new Shape(t, dIn)),
                    scope.create(w, new Shape(width, dIn))).toFloatArray();
            for (int r = 0; r < t; r++) {
                for (int f = 0; f < width; f++) {
                    float dot = 0;
                    for (int i = 0; i < dIn; i++) {
                        dot += x[r * dIn + i] * w[f * dIn + i];
                    }
                    assertEquals(dot, product[r * width + f], t + " rows: row " + r + " latent " + f); // small integers: exact
                }
            }
        }
    }

    @Test
    void onlyWideBlocksOfManyRowsGoToTheConvolution() {
        assertTrue(MatrixProduct.usesConvolution(257, 1024, 4032));
        assertTrue(MatrixProduct.usesConvolution(257, 1024, 4096), "its first 4,032 columns; the last 64 on MKL");
        assertFalse(MatrixProduct.usesConvolution(257, 1024, 64), "a narrow tail");
        assertFalse(MatrixProduct.usesConvolution(32, 1024, 4032), "too few rows to pay for the reorder");
        assertFalse(MatrixProduct.usesConvolution(MatrixProduct.MIN_CONVOLUTION_ROWS - 1, 1024, 4032));
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
