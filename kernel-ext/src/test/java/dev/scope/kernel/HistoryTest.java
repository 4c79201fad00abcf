package dev.scope.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {

    @Test
    void tailRangeAndSearchAnswerFromThisSession() {
        History h = History.inMemory();
        h.record(1, "int a = 1;", null);
        h.record(2, "a + 1", "2");
        h.record(3, "a + 1", "2");
        h.record(4, "String s = \"x\";", null);
        assertEquals(List.of("a + 1", "String s = \"x\";"), inputs(h.tail(2)));
        assertEquals(List.of(2, 3), h.range(0, 2, 4).stream().map(History.Entry::line).toList());
        assertEquals(4, h.range(1, 1, 0).size(), "session 1 named outright, to the end");
        assertEquals(List.of("a + 1", "a + 1"), inputs(h.search("a + ?", 0, false)));
        assertEquals(1, h.search("a + ?", 0, true).size(), "unique keeps each input once");
        assertEquals(3, h.search("a + ?", 0, true).get(0).line(), "at its latest run");
        assertEquals(List.of("a + 1", "String s = \"x\";"), inputs(h.search("*", 2, false)));
        assertEquals(List.of("int a = 1;"), inputs(h.search("[i]nt*", 0, false)));
        assertEquals("2", h.tail(3).get(0).output());
    }

    @Test
    void aPersistedHistoryCarriesInputsIntoTheNextSession(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/history.jsonl");
        History first = History.open(file);
        assertEquals(1, first.session());
        first.record(1, "int kept = 5;", "5");
        first.record(2, "kept * 2", "10");
        Files.writeString(file, "{\"session\": 1, \"line\": 3, \"inp", java.nio.file.StandardOpenOption.APPEND);
        History second = History.fromEnvironment(Map.of("SCOPE_HISTORY", file.toString()));
        assertEquals(2, second.session());
        second.record(1, "kept", "5");
        assertEquals(List.of("int kept = 5;", "kept * 2", "kept"), inputs(second.tail(10)), "the torn line is skipped");
        assertEquals(List.of("kept * 2"), inputs(second.range(-1, 2, 3)), "-1 is the session before");
        assertEquals(null, second.tail(3).get(0).output(), "outputs are not written to disk");
        History third = History.open(file);
        assertEquals(List.of("int kept = 5;", "kept * 2", "kept"), inputs(third.tail(10)), "written after the torn line");
    }

    @Test
    void offKeepsNothingOnDisk(@TempDir Path dir) {
        History h = History.fromEnvironment(Map.of("SCOPE_HISTORY", "off", "XDG_DATA_HOME", dir.toString()));
        h.record(1, "1 + 1", "2");
        assertEquals(1, h.tail(5).size());
        assertTrue(!Files.exists(dir.resolve("scope")));
    }

    private static List<String> inputs(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::input).toList();
    }
}
