package dev.scope.engine.text;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.Safetensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The text tower against the float32 reference of transformers' CLIPTextTransformer (fixtures/text). */
class ClipTextTest {
    static final float TOLERANCE = 1e-4f;

    static NDManager manager;
    static ClipText text;
    static Safetensors expected;
    static int[][] ids;
    static int[] eos;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        text = ClipText.load(Fixtures.clip(), manager);
        expected = Safetensors.open(Fixtures.root().resolve("text/expected-text.safetensors"));
        JsonObject json = JsonParser.parseString(Files.readString(Fixtures.root().resolve("text/input_ids.json")))
                .getAsJsonObject();
        ids = rows(json.getAsJsonArray("input_ids"));
        JsonArray e = json.getAsJsonArray("eos_positions");
        eos = new int[e.size()];
        for (int i = 0; i < eos.length; i++) {
            eos[i] = e.get(i).getAsInt();
        }
    }

    @AfterAll
    static void close() {
        text.close();
        manager.close();
    }

    @Test
    void configNamesTheTinyVocabularysTokens() {
        TextConfig c = text.config();
        assertEquals(32, c.hiddenSize());
        assertEquals(2, c.numHiddenLayers());
        assertEquals(77, c.maxPositions());
        assertEquals(999, c.eosTokenId());
        assertEquals(32, c.projectionDim(), "the model's projection_dim, not text_config's");
        assertFalse(c.poolsAtLargestId());
    }

    @Test
    void everyPositionUpToEosPooledEmbedsAndLogitsMatchTheReference() throws IOException {
        assertMatchesReference(text);
    }

    @Test
    void theLegacyRuleWithEosTokenId2PoolsAtTheLargestId(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.clip().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String config = Files.readString(Fixtures.clip().resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"eos_token_id\": 999", "\"eos_token_id\": 2"));
        try (ClipText legacy = ClipText.load(dir, manager)) {
            assertTrue(legacy.config().poolsAtLargestId());
            assertMatchesReference(legacy);
        }
    }

    @Test
    void float16StorageStaysCloseToFloat32() throws IOException {
        try (ClipText half = ClipText.load(Fixtures.clip(), manager, ai.djl.ndarray.types.DataType.FLOAT16)) {
            float[] want = expected.tensor("text_embeds").toFloats();
            float[] got = half.forward(ids).textEmbedsData();
            double max = 0;
            double scale = 0;
            for (int i = 0; i < want.length; i++) {
                max = Math.max(max, Math.abs(want[i] - got[i]));
                scale = Math.max(scale, Math.abs(want[i]));
            }
            assertTrue(max > 0 && max / scale < 0.01, "f16 max error " + max + " vs scale " + scale);
        }
    }

    @Test
    void eachRuleFindsItsPosition() {
        TextConfig first = text.config();
        TextConfig legacy = new TextConfig(32, 64, 2, 2, 77, 1000, first.hiddenAct(), 1e-5, 998, 2, 0, 32);
        int[] twoEnds = {998, 999, 5, 999, 0};
        assertEquals(1, EosPooling.position(twoEnds, 0, first));
        assertEquals(1, EosPooling.position(twoEnds, 0, legacy), "argmax takes the first of equal largest ids");
        assertEquals(0, EosPooling.position(new int[] {998, 7, 2, 0}, 0, legacy));
        var e = assertThrows(IllegalArgumentException.class, () -> EosPooling.position(new int[] {998, 7, 0}, 3, first));
        assertEquals("Row 3 of the token ids has no end-of-text token 999; end each row with the eos_token_id of the"
                + " model's config.", e.getMessage());
    }

    @Test
    void runningOnlyUpToTheLastEosGivesTheSameEmbeddings() throws IOException {
        int[][] shortRows = {ids[0], ids[1], ids[2]};
        TextOutput full = text.forward(shortRows, true);
        TextOutput trimmed = text.forward(shortRows, false);
        assertEquals(12, trimmed.positions());
        assertClose("text_embeds", full.textEmbedsData(), trimmed.textEmbedsData());
        for (int r = 0; r < 3; r++) {
            Matrix f = full.lastHiddenState(r);
            Matrix t = trimmed.lastHiddenState(r);
            assertClose("row " + r, f.rows(0, 12).data(), t.data());
        }
    }

    @Test
    void badTokenRowsAreOneSentence() {
        var e = assertThrows(IllegalArgumentException.class, () -> text.forward(new int[][] {{998, 1000, 999}}));
        assertEquals("Token id 1000 in row 0 is outside the vocabulary of 1000 ids; tokenize with the model's own"
                + " tokenizer.json.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> text.forward(new int[][] {{998, 999}, {998, 5, 999}}));
        assertTrue(e.getMessage().startsWith("Row 1 of the token ids has 3 ids but row 0 has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> text.forward(new int[][] {new int[78]}));
        assertTrue(e.getMessage().contains("takes 1 to 77"), e.getMessage());
    }

    @Test
    void nativeMemoryDoesNotGrowAcrossCalls() {
        text.forward(ids);
        int before = text.nativeArrays();
        for (int i = 0; i < 3; i++) {
            text.forward(ids, i % 2 == 0);
        }
        assertEquals(before, text.nativeArrays());
    }

    private static void assertMatchesReference(ClipText tower) throws IOException {
        TextOutput out = tower.forward(ids);
        assertArrayEquals(eos, out.eosPositions());
        float[] want = expected.tensor("last_hidden_state").toFloats();
        int width = 32;
        for (int r = 0; r < ids.length; r++) {
            int n = (eos[r] + 1) * width;
            float[] w = new float[n];
            System.arraycopy(want, r * 77 * width, w, 0, n);
            assertClose("last_hidden_state row " + r, w, out.lastHiddenState(r).rows(0, eos[r] + 1).data());
        }
        assertClose("pooler_output", expected.tensor("pooler_output").toFloats(), out.pooled().data());
        assertClose("text_embeds", expected.tensor("text_embeds").toFloats(), out.textEmbeds().data());
        Safetensors images = Safetensors.open(Fixtures.expected());
        Matrix imageEmbeds = new Matrix(5, 32, images.tensor("image_embeds").toFloats());
        Matrix logits = ZeroShot.logits(imageEmbeds, out.textEmbeds(), tower.logitScale());
        assertClose("logits_per_image", expected.tensor("logits_per_image").toFloats(), logits.data());
    }

    static int[][] rows(JsonArray array) {
        int[][] out = new int[array.size()][];
        for (int r = 0; r < out.length; r++) {
            JsonArray row = array.get(r).getAsJsonArray();
            out[r] = new int[row.size()];
            for (int i = 0; i < out[r].length; i++) {
                out[r][i] = row.get(i).getAsInt();
            }
        }
        return out;
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
