package dev.scope.engine.text;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tokenizer on fixtures/tiny-clip/tokenizer.json (CLIP's structure, 1000 ids), against what CLIP's
 * own BPE algorithm, written out independently in fixtures/text/make_tokenizer.py, makes of the same
 * prompts (fixtures/text/tokenizer-expected.json).
 */
class ClipTokenizerTest {
    static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = ClipTokenizer.load(Fixtures.clip().resolve("tokenizer.json"), 77, 0);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void matchesClipsBpeWrittenOutIndependently() throws IOException {
        JsonObject expected = JsonParser.parseString(
                Files.readString(Fixtures.root().resolve("text/tokenizer-expected.json"))).getAsJsonObject();
        assertEquals(6, expected.size());
        for (Map.Entry<String, com.google.gson.JsonElement> e : expected.entrySet()) {
            int[] want = e.getValue().getAsJsonArray().asList().stream().mapToInt(j -> j.getAsInt()).toArray();
            Tokens t = tokenizer.encode(List.of(e.getKey()));
            int[] row = t.ids()[0];
            assertEquals(77, row.length);
            assertArrayEquals(want, Arrays.copyOf(row, want.length), e.getKey());
            for (int i = want.length; i < 77; i++) {
                assertEquals(0, row[i], "padding after EOS in " + e.getKey());
            }
            assertTrue(t.notes().isEmpty());
        }
    }

    @Test
    void lowerCasesAndEndsWordsAndAddsBosAndEos() {
        Tokens t = tokenizer.encode(List.of("ZEBRA", "zebra", "zebras"));
        assertArrayEquals(t.ids()[0], t.ids()[1]);
        assertEquals(998, t.ids()[0][0]);
        int eos = indexOf(t.ids()[0], 999);
        assertTrue(eos > 1);
        // "zebra" ends a word, "zebras" does not end where "zebra" does: the word-end suffix changes the tokens
        assertFalse(Arrays.equals(t.ids()[1], t.ids()[2]));
    }

    @Test
    void aPromptLongerThan77TokensIsCutKeepingItsEosWithANote() {
        String longPrompt = "cat ".repeat(100).trim();
        Tokens t = tokenizer.encode(List.of("a dog", longPrompt));
        assertEquals(List.of("Prompt 2 (\"cat cat cat cat cat cat cat cat cat c…\") is longer than CLIP's 77"
                + " positions; only its first 75 tokens were used."), t.notes());
        int[] row = t.ids()[1];
        assertEquals(998, row[0]);
        assertEquals(999, row[76]);
        assertEquals(row[1], row[75]);
    }

    @Test
    void pyTorchStaysTheDefaultEngineWithTheTokenizersOnTheClasspath() {
        // the tokenizers jar registers a Rust engine too; arrays must still be made by PyTorch
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertEquals("PyTorch", m.getEngine().getEngineName());
        }
    }

    @Test
    void noPromptsIsOneSentence() {
        var e = assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(List.of()));
        assertEquals("No prompts were given; pass at least one.", e.getMessage());
    }

    @Test
    void aMissingFileNamesItself() {
        var e = assertThrows(IOException.class, () -> ClipTokenizer.load(Path.of("nowhere/tokenizer.json"), 77, 0));
        assertTrue(e.getMessage().startsWith("There is no tokenizer.json at nowhere/tokenizer.json"), e.getMessage());
    }

    private static int indexOf(int[] row, int id) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
