package dev.scope.engine.sae;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TopKSaeTest {
    /** Below this gap between the k-th and (k+1)-th pre-activation the top-k set is not determined. */
    private static final double DETERMINED_GAP = 1e-3;

    @AutoClose
    private static final NDManager manager = NDManager.newBaseManager();

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void matchesClipscopeOnTheFixtures(int layer) throws IOException {
        Matrix x = SaeReference.matrix(layer, "input");
        Matrix expectedLatent = SaeReference.matrix(layer, "latent");
        Matrix expectedRecon = SaeReference.matrix(layer, "reconstruction");
        Matrix gap = SaeReference.matrix(layer, "kth_gap");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(layer)), manager)) {
            SaeOutput out = sae.forwardVerbose(x);
            assertEquals(x.rows(), out.rows());
            Matrix latent = out.latent();
            int determined = 0;
            double worstLatent = 0;
            double worstRecon = 0;
            for (int r = 0; r < x.rows(); r++) {
                if (gap.get(r, 0) <= DETERMINED_GAP) {
                    continue;
                }
                determined++;
                for (int f = 0; f < 512; f++) {
                    boolean ours = latent.get(r, f) != 0;
                    boolean theirs = expectedLatent.get(r, f) != 0;
                    assertEquals(theirs, ours, "row " + r + " latent " + f + " in one support but not the other");
                    worstLatent = Math.max(worstLatent, Math.abs(latent.get(r, f) - expectedLatent.get(r, f)));
                }
                for (int i = 0; i < 64; i++) {
                    worstRecon = Math.max(worstRecon, Math.abs(out.reconstruction().get(r, i) - expectedRecon.get(r, i)));
                }
            }
            assertTrue(determined > 0.9 * x.rows(), "only " + determined + " rows have a determined top-k");
            assertTrue(worstLatent < Fixtures.PARITY, "latent values differ by " + worstLatent);
            assertTrue(worstRecon < Fixtures.PARITY, "reconstruction differs by " + worstRecon);
        }
    }

    /** float32 weights wrap the checkpoint's memory map; they must outlive every Java reference to it. */
    @Test
    void weightsOutliveTheCheckpointTheyWereMappedFrom() throws Exception {
        Matrix x = SaeReference.matrix(2, "input");
        Matrix expected = SaeReference.matrix(2, "reconstruction");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager)) {
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
            Matrix recon = sae.forwardVerbose(x).reconstruction();
            assertEquals(expected.get(0, 0), recon.get(0, 0), Fixtures.PARITY);
            assertEquals(expected.get(1284, 63), recon.get(1284, 63), Fixtures.PARITY);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void reconstructionMetricsMatchTheModelCardNumbers(int layer) throws IOException {
        Matrix x = SaeReference.matrix(layer, "input");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(layer)), manager)) {
            ReconstructionMetrics m = ReconstructionMetrics.of(x, sae.forwardVerbose(x));
            double mse = SaeReference.number("sae." + layer + ".mse");
            double ev = SaeReference.number("sae." + layer + ".explained_variance");
            assertEquals(mse, m.mse(), Fixtures.PARITY * mse);
            assertEquals(ev, m.explainedVariance(), Fixtures.PARITY * ev);
            assertEquals(8.0, m.l0());
            assertEquals(1.0, m.fractionActive() + m.fractionNeverActive(), 1e-12);
        }
    }

    /** A 2-wide SAE with 3 latents and k 2, worked by hand; kept values may be negative (no ReLU). */
    @Test
    void keepsTheTopKWithoutReluAndDecodesByHand() {
        // d_in 2, F 3, k 2. pre_b = (1, 1); enc columns e0 = (1, 0), e1 = (0, 1), e2 = (-1, -1)
        NDArray preB = manager.create(new float[] {1, 1});
        NDArray enc = manager.create(new float[] {1, 0, -1, 0, 1, -1}, new Shape(2, 3));
        NDArray dec = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
        try (TopKSae sae = TopKSae.of(manager, 2, preB, enc, dec, DataType.FLOAT32)) {
            // x = (0, -2): x − pre_b = (−1, −3); pre = (−1, −3, 4) → keep 4 (latent 2) and −1 (latent 0)
            SaeOutput out = sae.forwardVerbose(new Matrix(1, 2, new float[] {0, -2}));
            assertArrayEquals(new int[] {2, 0}, out.indices());
            assertArrayEquals(new float[] {4, -1}, out.values());
            assertArrayEquals(new float[] {-1, 0, 4}, out.latentRow(0));
            // 4·(5, 6) − 1·(1, 2) + (1, 1) = (20, 23)
            assertArrayEquals(new float[] {20, 23}, out.reconstruction().data());
            // x = (-5, -5): centered (−6, −6); pre = (−6, −6, 12): the kept negative value stays negative
            SaeOutput neg = sae.forwardVerbose(new Matrix(1, 2, new float[] {-5, -5}));
            assertEquals(12f, neg.value(0, 0));
            assertEquals(-6f, neg.value(0, 1));
            Matrix pre = sae.preActivations(new Matrix(1, 2, new float[] {0, -2}), 2, 0, 1);
            assertArrayEquals(new float[] {4, -1, -3}, pre.data());
        }
    }

    @Test
    void preActivationsOfChosenLatentsMatchTheReferencePre() throws IOException {
        Matrix x = SaeReference.matrix(2, "input");
        Matrix pre = SaeReference.matrix(2, "pre");
        int[] chosen = {511, 0, 37, 37};
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager)) {
            Matrix ours = sae.preActivations(x, chosen);
            assertEquals(x.rows(), ours.rows());
            assertEquals(chosen.length, ours.cols());
            for (int r = 0; r < x.rows(); r++) {
                for (int j = 0; j < chosen.length; j++) {
                    assertEquals(pre.get(r, chosen[j]), ours.get(r, j), Fixtures.PARITY);
                }
            }
        }
    }

    @Test
    void takesNativeActivationsOfAnyLeadingShapeAndLeavesThemWithTheirOwner() throws IOException {
        Matrix x = SaeReference.matrix(5, "input");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(5)), manager);
             NDManager caller = manager.newSubManager()) {
            NDArray resid = caller.create(x.data(), new Shape(5, 257, 64));
            int before = ((BaseNDManager) caller).getManagedArrays().size();
            SaeOutput fromNative = sae.forwardVerbose(resid);
            SaeOutput fromJava = sae.forwardVerbose(x);
            assertArrayEquals(fromJava.indices(), fromNative.indices());
            assertArrayEquals(fromJava.values(), fromNative.values());
            assertArrayEquals(fromJava.reconstruction().data(), fromNative.reconstruction().data());
            Matrix pre = sae.preActivations(resid, 3);
            assertEquals(x.rows(), pre.rows());
            assertEquals(before, ((BaseNDManager) caller).getManagedArrays().size());
            assertSame(caller, resid.getManager());
            assertFalse(resid.isReleased());
        }
    }

    @Test
    void nativeMemoryDoesNotGrowFromCallToCall() throws IOException {
        Matrix x = SaeReference.matrix(2, "input");
        for (DataType storage : List.of(DataType.FLOAT32, DataType.FLOAT16)) {
            try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager, storage)) {
                BaseNDManager own = (BaseNDManager) sae.manager();
                for (int i = 0; i < 3; i++) {
                    sae.forwardVerbose(x);
                    sae.preActivations(x, 1, 2);
                }
                assertEquals(3, own.getManagedArrays().size(), "only pre_b, enc and dec stay");
            }
        }
    }

    @Test
    void halfPrecisionStorageStaysCloseToFloat32() throws IOException {
        Matrix x = SaeReference.matrix(2, "input");
        SaeCheckpoint ckpt = SaeCheckpoint.read(SaeReference.checkpoint(2));
        try (TopKSae full = TopKSae.load(ckpt, manager);
             TopKSae half = TopKSae.load(ckpt, manager, DataType.FLOAT16)) {
            assertEquals(DataType.FLOAT16, half.storageType());
            SaeOutput a = full.forwardVerbose(x);
            SaeOutput b = half.forwardVerbose(x);
            int sameSupport = 0;
            for (int r = 0; r < x.rows(); r++) {
                int[] ia = Arrays.copyOfRange(a.indices(), r * 8, r * 8 + 8);
                int[] ib = Arrays.copyOfRange(b.indices(), r * 8, r * 8 + 8);
                Arrays.sort(ia);
                Arrays.sort(ib);
                if (Arrays.equals(ia, ib)) {
                    sameSupport++;
                }
            }
            assertTrue(sameSupport > 0.8 * x.rows(), sameSupport + " of " + x.rows() + " rows keep the same latents");
            double mseA = ReconstructionMetrics.of(x, a).mse();
            double mseB = ReconstructionMetrics.of(x, b).mse();
            assertEquals(mseA, mseB, 0.02 * mseA);
        }
    }

    /**
     * With 300 rows the 20,000 latents are encoded in two blocks whose top k are merged. With
     * weights and inputs that are small integers every product is exact, so the kept values must
     * equal a brute-force top k exactly, and each kept id must point at its own value (block offsets).
     */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT32", "FLOAT16"})
    void mergesTheTopKOfLatentBlocksExactly(String storage) {
        int dIn = 8;
        int features = 20_000;
        int k = 5;
        int rows = 300;
        assertTrue((long) rows * features > TopKSae.TEMP_ELEMENTS, "the test needs more than one block");
        java.util.Random random = new java.util.Random(7);
        float[] encValues = new float[dIn * features];
        for (int i = 0; i < encValues.length; i++) {
            encValues[i] = random.nextInt(2001) - 1000;
        }
        float[] x = new float[rows * dIn];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(17) - 8;
        }
        NDArray preB = manager.zeros(new Shape(dIn));
        NDArray enc = manager.create(encValues, new Shape(dIn, features));
        NDArray dec = manager.zeros(new Shape(features, dIn));
        try (TopKSae sae = TopKSae.of(manager, k, preB, enc, dec, DataType.valueOf(storage))) {
            SaeOutput out = sae.forwardVerbose(new Matrix(rows, dIn, x));
            for (int r = 0; r < rows; r++) {
                float[] pre = new float[features];
                for (int f = 0; f < features; f++) {
                    for (int i = 0; i < dIn; i++) {
                        pre[f] += x[r * dIn + i] * encValues[i * features + f];
                    }
                }
                for (int j = 0; j < k; j++) {
                    assertEquals(pre[out.index(r, j)], out.value(r, j), "row " + r + " kept id " + out.index(r, j));
                }
                float[] sorted = pre.clone();
                Arrays.sort(sorted);
                for (int j = 0; j < k; j++) {
                    assertEquals(sorted[features - 1 - j], out.value(r, j), "row " + r + " rank " + j);
                }
            }
        }
    }

    /** The fixture input is 5 images × 257 tokens: all at once, then image by image and the CLS tokens alone. */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT32", "FLOAT16"})
    void manyImagesAtOnceGiveWhatEachImageGivesAlone(String storage) throws IOException {
        Matrix x = SaeReference.matrix(5, "input");
        int tokens = 257;
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(5)), manager, DataType.valueOf(storage))) {
            SaeOutput all = sae.forwardVerbose(x);
            for (int image = 0; image < x.rows() / tokens; image++) {
                int from = image * tokens;
                SaeOutput part = all.rows(from, from + tokens);
                HalfScreenTest.assertSameTopK(part, sae.forwardVerbose(x.rows(from, from + tokens)), 1e-5f, "image " + image);
                HalfScreenTest.assertSameTopK(part.rows(0, 1), sae.forwardVerbose(x.rows(from, from + 1)), 1e-5f,
                        "CLS of image " + image);
                assertArrayEquals(part.reconstruction().data(),
                        sae.forwardVerbose(x.rows(from, from + tokens)).reconstruction().data(), 1e-4f);
            }
            assertThrows(SaeInputException.class, () -> all.rows(1, all.rows() + 1));
        }
    }

    @Test
    void outputHelpersAgreeWithTheDenseLatent() throws IOException {
        Matrix x = SaeReference.matrix(2, "input");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager)) {
            SaeOutput out = sae.forwardVerbose(x);
            Matrix dense = out.latent();
            int[] active = out.activeLatents();
            int[] counts = out.activeCounts();
            for (int f = 0; f < 512; f++) {
                int rowsActive = 0;
                for (int r = 0; r < out.rows(); r++) {
                    if (dense.get(r, f) != 0) {
                        rowsActive++;
                    }
                }
                assertEquals(rowsActive, counts[f]);
                assertEquals(rowsActive > 0, Arrays.binarySearch(active, f) >= 0);
            }
            int f = active[active.length / 2];
            float[] column = out.latentColumn(f);
            for (int r = 0; r < out.rows(); r++) {
                assertEquals(dense.get(r, f), column[r]);
            }
            List<LatentActivation> top = out.topLatents(3, 4);
            assertEquals(4, top.size());
            float[] row = out.latentRow(3);
            float[] sorted = row.clone();
            Arrays.sort(sorted);
            for (int j = 0; j < 4; j++) {
                assertEquals(sorted[sorted.length - 1 - j], top.get(j).value());
                assertEquals(row[top.get(j).latent()], top.get(j).value());
            }
            LatentActivation strongest = out.topLatents(1).get(0);
            float max = Float.NEGATIVE_INFINITY;
            for (float v : dense.data()) {
                max = Math.max(max, v);
            }
            assertEquals(max, strongest.value());
            assertEquals(max, dense.get(strongest.row(), strongest.latent()));
        }
    }

    @Test
    void refusesActivationsOfTheWrongWidthAndUnknownLatents() throws IOException {
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager)) {
            var wide = assertThrows(SaeInputException.class, () -> sae.forwardVerbose(Matrix.zeros(3, 1024)));
            assertEquals("The activations are 1024 wide but this SAE reads d_in = 64; pass the residual stream of"
                    + " the model and layer it was trained on.", wide.getMessage());
            assertThrows(SaeInputException.class, () -> sae.forwardVerbose(manager.zeros(new Shape(2, 63))));
            var latent = assertThrows(SaeInputException.class, () -> sae.preActivations(Matrix.zeros(1, 64), 512));
            assertEquals("Latent 512 does not exist; this SAE has latents 0 to 511.", latent.getMessage());
            var bf16 = assertThrows(SaeInputException.class,
                    () -> TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(2)), manager, DataType.BFLOAT16));
            assertTrue(bf16.getMessage().startsWith("SAE weights cannot be stored as BFLOAT16"), bf16.getMessage());
            sae.close();
            assertThrows(IllegalStateException.class, () -> sae.forwardVerbose(Matrix.zeros(1, 64)));
        }
    }
}
