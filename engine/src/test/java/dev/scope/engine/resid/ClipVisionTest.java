package dev.scope.engine.resid;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The vision tower against transformers' CLIPVisionModel outputs on the fixture pixel values. */
class ClipVisionTest {
    /** Parity tolerance with the reference, as the engine issue sets it. */
    static final float TOLERANCE = 1e-4f;

    static NDManager manager;
    static ClipVision clip;
    static Safetensors expected;
    static float[] pixels;
    static int batch;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        clip = ClipVision.load(Fixtures.clip(), manager);
        expected = Safetensors.open(Fixtures.expected());
        pixels = expected.tensor("pixel_values").toFloats();
        batch = (int) expected.entry("pixel_values").shape()[0];
    }

    @AfterAll
    static void close() {
        clip.close();
        manager.close();
    }

    @Test
    void configIsReadNotAssumed() {
        VisionConfig c = clip.config();
        assertEquals(64, c.hiddenSize());
        assertEquals(6, c.numHiddenLayers());
        assertEquals(4, c.numAttentionHeads());
        assertEquals(257, c.tokens());
        assertEquals(VisionConfig.Activation.GELU, c.hiddenAct());
    }

    @Test
    void everyHiddenStateMatchesTransformers() throws IOException {
        Capture all = Capture.blocks(0, 1, 2, 3, 4, 5).withEmbeddings().withPooled();
        ResidualStream out = clip.forward(pixels, batch, all);
        assertClose("hidden_states.0", expected.tensor("hidden_states.0").toFloats(), concatEmbeddings(out));
        for (int n = 0; n < 6; n++) {
            assertClose("resid." + n, expected.tensor("resid." + n).toFloats(), out.residArrays().get(n));
        }
        assertClose("pooler_output", expected.tensor("pooler_output").toFloats(), out.pooled().data());
        assertClose("image_embeds", expected.tensor("image_embeds").toFloats(), out.imageEmbeds().data());
        assertEquals(32, out.imageEmbeds().cols());
    }

    @Test
    void stopsAfterTheLastRequestedBlockAndReadsDeeperBlocksWhenFirstNeeded() throws IOException {
        try (ClipVision shallow = ClipVision.load(Fixtures.clip(), manager, DataType.FLOAT32, 3)) {
            assertEquals(3, shallow.loadedBlocks());
            ResidualStream out = shallow.forward(pixels, batch, Capture.blocks(2));
            assertClose("resid.2", expected.tensor("resid.2").toFloats(), out.residArrays().get(2));
            assertEquals(3, shallow.loadedBlocks());
            ResidualStream deeper = shallow.forward(pixels, batch, Capture.blocks(4).withPooled());
            assertEquals(6, shallow.loadedBlocks());
            assertClose("resid.4", expected.tensor("resid.4").toFloats(), deeper.residArrays().get(4));
            assertClose("image_embeds", expected.tensor("image_embeds").toFloats(), deeper.imageEmbeds().data());
        }
    }

    @Test
    void resumingFromABlockGivesTheRestOfThePass() throws IOException {
        ResidualStream out = clip.resume(2, expected.tensor("resid.2").toFloats(), batch,
                Capture.blocks(2, 5).withPooled(), ResidEdit.NONE);
        assertArrayEquals(expected.tensor("resid.2").toFloats(), out.residArrays().get(2));
        assertClose("resid.5", expected.tensor("resid.5").toFloats(), out.residArrays().get(5));
        assertClose("image_embeds", expected.tensor("image_embeds").toFloats(), out.imageEmbeds().data());
        var e = assertThrows(IllegalArgumentException.class, () -> clip.resume(2,
                expected.tensor("resid.2").toFloats(), batch, Capture.blocks(1), ResidEdit.NONE));
        assertTrue(e.getMessage().contains("cannot capture block 1"), e.getMessage());
    }

    @Test
    void anEditBetweenBlocksChangesWhatLaterBlocksRead() throws IOException {
        // the black image's pass, with the astronaut's block-2 stream swapped in, ends as the astronaut's
        int per = 3 * 224 * 224;
        int tokens = 257 * 64;
        float[] black = Arrays.copyOf(pixels, per);
        float[] astronaut2 = Arrays.copyOfRange(expected.tensor("resid.2").toFloats(), tokens, 2 * tokens);
        ResidEdit swap = ResidEdit.at(2, m -> new Matrix(m.rows(), m.cols(), astronaut2));
        ResidualStream out = clip.forward(black, 1, Capture.blocks(2, 5).withPooled(), swap);
        assertArrayEquals(astronaut2, out.residArrays().get(2));
        assertClose("resid.5[astronaut]", Arrays.copyOfRange(expected.tensor("resid.5").toFloats(), tokens,
                2 * tokens), out.residArrays().get(5));
        assertClose("image_embeds[astronaut]", Arrays.copyOfRange(expected.tensor("image_embeds").toFloats(), 32, 64),
                out.imageEmbeds().data());
    }

    @Test
    void singleImagesGiveTheBatchRows() throws IOException {
        int per = 3 * 224 * 224;
        float[] astronaut = Arrays.copyOfRange(pixels, per, 2 * per);
        ResidualStream one = clip.forward(astronaut, 1, Capture.blocks(5));
        Matrix got = one.resid(5, 0);
        float[] want = Arrays.copyOfRange(expected.tensor("resid.5").toFloats(), 257 * 64, 2 * 257 * 64);
        assertClose("resid.5[astronaut]", want, got.data());
        assertEquals(257, got.rows());
    }

    @Test
    void float16StorageStaysCloseToFloat32() throws IOException {
        try (ClipVision half = ClipVision.load(Fixtures.clip(), manager, DataType.FLOAT16, Integer.MAX_VALUE)) {
            ResidualStream out = half.forward(pixels, batch, Capture.blocks(5));
            float[] want = expected.tensor("resid.5").toFloats();
            float[] got = out.residArrays().get(5);
            double maxRel = 0;
            double norm = 0;
            for (int i = 0; i < want.length; i++) {
                maxRel = Math.max(maxRel, Math.abs(want[i] - got[i]));
                norm = Math.max(norm, Math.abs(want[i]));
            }
            // f16 keeps 11 bits of mantissa: weights rounded at 2^-12 relative
            assertTrue(maxRel / norm < 0.01, "f16 max error " + maxRel + " vs scale " + norm);
            assertTrue(maxRel > 0, "f16 storage must actually round the weights");
        }
    }

    @Test
    void aLayerBeyondTheDepthIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> clip.forward(pixels, batch, Capture.blocks(6)));
        assertEquals("Layer 6 is beyond this CLIP's depth: its blocks are 0..5.", e.getMessage());
    }

    @Test
    void wrongPixelCountIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> clip.forward(new float[10], 1, Capture.blocks(0)));
        assertTrue(e.getMessage().contains("need 150528"), e.getMessage());
    }

    @Test
    void nativeMemoryDoesNotGrowAcrossCalls() {
        float[] one = Arrays.copyOf(pixels, 3 * 224 * 224);
        clip.forward(one, 1, Capture.blocks(5).withPooled());
        int before = clip.nativeArrays();
        for (int i = 0; i < 3; i++) {
            clip.forward(one, 1, Capture.blocks(5).withPooled().withEmbeddings());
        }
        assertEquals(before, clip.nativeArrays());
    }

    private static float[] concatEmbeddings(ResidualStream out) {
        float[] all = new float[out.batch() * out.tokens() * out.width()];
        for (int b = 0; b < out.batch(); b++) {
            float[] one = out.embeddings(b).data();
            System.arraycopy(one, 0, all, b * one.length, one.length);
        }
        return all;
    }

    static void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + " length");
        float max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= TOLERANCE, what + " max |Δ| = " + max);
    }
}
