package dev.scope.cli;

import dev.scope.engine.Fixtures;
import dev.scope.engine.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ./scope text} on the fixture CLIP, against fixtures/text. */
class TextCommandTest {
    static final float TOLERANCE = 1e-4f;

    @Test
    void inputIdsAndImagesGiveTheReferenceTensors(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("text.safetensors");
        // black and gradient are the two fixture images whose preprocessed pixels equal transformers' exactly
        String images = Fixtures.image("black") + "," + Fixtures.image("gradient");
        ScopeCliTest.Run r = ScopeCliTest.run("text", "--clip", Fixtures.clip().toString(),
                "--input-ids", Fixtures.root().resolve("text/input_ids.json").toString(),
                "--images", images, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("5 text(s) of 77 positions, logits against 2 image(s)"), r.out());
        Safetensors got = Safetensors.open(out);
        Safetensors want = Safetensors.open(Fixtures.root().resolve("text/expected-text.safetensors"));
        assertArrayEquals(new long[] {5, 77, 32}, got.entry("last_hidden_state").shape());
        assertArrayEquals(new long[] {5, 77}, got.entry("input_ids").shape());
        for (String name : List.of("pooler_output", "text_embeds")) {
            assertClose(name, want.tensor(name).toFloats(), got.tensor(name).toFloats());
        }
        float[] logits = want.tensor("logits_per_image").toFloats();
        float[] wantRows = new float[10];
        System.arraycopy(logits, 0, wantRows, 0, 5);
        System.arraycopy(logits, 4 * 5, wantRows, 5, 5);
        assertArrayEquals(new long[] {2, 5}, got.entry("logits_per_image").shape());
        assertClose("logits_per_image", wantRows, got.tensor("logits_per_image").toFloats());
        float[] perImage = got.tensor("logits_per_image").toFloats();
        float[] perText = got.tensor("logits_per_text").toFloats();
        assertEquals(perImage[1 * 5 + 3], perText[3 * 2 + 1]);
    }

    @Test
    void promptsAreTokenizedWithTheReposTokenizerAndCutPromptsAreNoted(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("prompts.safetensors");
        String longPrompt = "cat ".repeat(90).trim();
        ScopeCliTest.Run r = ScopeCliTest.run("text", "--clip", Fixtures.clip().toString(),
                "--prompts", "a photo of a tabby cat.,zebra," + longPrompt, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Prompt 3 (\"cat cat"), r.out());
        Safetensors got = Safetensors.open(out);
        java.nio.ByteBuffer raw = got.tensor("input_ids").data().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] ids = new int[3 * 77];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = raw.getInt(i * 4);
        }
        // the same ids CLIP's BPE written out independently gives (fixtures/text/tokenizer-expected.json)
        assertArrayEquals(new int[] {998, 320, 703, 83, 334, 799, 320, 577, 65, 768, 775, 269, 999, 0},
                java.util.Arrays.copyOf(ids, 14));
        assertEquals(999, ids[2 * 77 + 76]);
        assertArrayEquals(new long[] {3, 32}, got.entry("text_embeds").shape());
    }

    @Test
    void badInputIsOneLineAndLeavesNoFile(@TempDir Path dir) throws IOException {
        String clip = Fixtures.clip().toString();
        String out = dir.resolve("x.safetensors").toString();
        Path noEos = Files.writeString(dir.resolve("ids.json"), "{\"input_ids\": [[998, 5, 6]]}");
        Path notIds = Files.writeString(dir.resolve("bad.json"), "[1, 2]");
        assertOneLine(ScopeCliTest.run("text", "--clip", clip, "--input-ids", noEos.toString(), "--out", out),
                "Row 0 of the token ids has no end-of-text token 999");
        assertOneLine(ScopeCliTest.run("text", "--clip", clip, "--input-ids", notIds.toString(), "--out", out),
                "has no input_ids");
        assertOneLine(ScopeCliTest.run("text", "--clip", clip, "--prompts", " , ", "--out", out), "holds no prompts");
        assertOneLine(ScopeCliTest.run("text", "--clip", clip, "--out", out), "exactly one of --input-ids or --prompts");
        assertOneLine(ScopeCliTest.run("text", "--clip", dir.toString(), "--prompts", "a cat", "--out", out),
                dir.toString());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "only the two inputs: no output or partial file");
        }
    }

    private static void assertOneLine(ScopeCliTest.Run r, String mentions) {
        assertNotEquals(0, r.status());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains(mentions), err);
        assertFalse(err.contains("Exception"), err);
    }

    private static void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what);
        float max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= TOLERANCE, what + " max |Δ| = " + max);
    }
}
