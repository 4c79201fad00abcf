package dev.scope.engine.sae;

import ai.djl.ndarray.NDManager;
import dev.scope.engine.Matrix;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** {@link TopKSae#decode}: the reconstruction from (id, value) pairs, as the forward pass makes it. */
class TopKSaeDecodeTest {
    @AutoClose
    private static final NDManager manager = NDManager.newBaseManager();

    @Test
    void decodingAnOutputGivesItsReconstructionAndEditsMoveItByValueTimesDecRow() throws IOException {
        Matrix x = SaeReference.matrix(5, "input");
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(5)), manager)) {
            SaeOutput out = sae.forwardVerbose(x);
            Matrix again = sae.decode(out.indices(), out.values());
            assertEquals(out.rows(), again.rows());
            assertArrayEquals(out.reconstruction().data(), again.data(), 1e-5f);

            // zeroing the first kept latent of row 0 removes value · dec[id] from that row only
            float[] edited = out.values().clone();
            edited[0] = 0;
            Matrix ablated = sae.decode(out.indices(), edited);
            float[] onlyThatLatent = new float[sae.k()];
            onlyThatLatent[0] = out.values()[0];
            int[] ids = java.util.Arrays.copyOf(out.indices(), sae.k());
            Matrix contribution = sae.decode(ids, onlyThatLatent);
            Matrix preB = sae.decode(ids, new float[sae.k()]);
            for (int c = 0; c < x.cols(); c++) {
                float removed = out.reconstruction().get(0, c) - ablated.get(0, c);
                assertEquals(contribution.get(0, c) - preB.get(0, c), removed, 1e-4f);
                assertEquals(out.reconstruction().get(1, c), ablated.get(1, c), 1e-6f);
            }
        }
    }

    @Test
    void decoderRowsAreTheCheckpointsDecRows() throws IOException {
        SaeCheckpoint ckpt = SaeCheckpoint.read(SaeReference.checkpoint(5));
        float[] dec = ckpt.dec().toFloats();
        int dIn = ckpt.dIn();
        try (TopKSae sae = TopKSae.load(ckpt, manager)) {
            Matrix rows = sae.decoderRows(7, 300, 7);
            assertEquals(3, rows.rows());
            for (int c = 0; c < dIn; c++) {
                assertEquals(dec[7 * dIn + c], rows.get(0, c));
                assertEquals(dec[300 * dIn + c], rows.get(1, c));
                assertEquals(dec[7 * dIn + c], rows.get(2, c));
            }
            var e = assertThrows(SaeInputException.class, () -> sae.decoderRows(512));
            assertEquals("Latent 512 does not exist; this SAE has latents 0 to 511.", e.getMessage());
        }
    }

    @Test
    void refusesPairsThatDoNotFitTheSae() throws IOException {
        try (TopKSae sae = TopKSae.load(SaeCheckpoint.read(SaeReference.checkpoint(5)), manager)) {
            int k = sae.k();
            SaeInputException ragged = assertThrows(SaeInputException.class,
                    () -> sae.decode(new int[k + 1], new float[k + 1]));
            assertTrue(ragged.getMessage().contains("k = " + k), ragged.getMessage());
            int[] beyond = new int[k];
            beyond[0] = sae.nFeatures();
            SaeInputException unknown = assertThrows(SaeInputException.class, () -> sae.decode(beyond, new float[k]));
            assertTrue(unknown.getMessage().contains("does not exist"), unknown.getMessage());
        }
    }
}
