package dev.scope.engine.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PromptSetTest {

    @Test
    void imagenetHasTheThousandClassesInIndexOrder() {
        List<String> p = PromptSet.imagenet().prompts();
        assertEquals(1000, p.size());
        assertEquals(1000, new HashSet<>(p).size(), "class names are distinct");
        // spot checks of ILSVRC-2012 class indices
        assertEquals("a photo of a tench.", p.get(0));
        assertEquals("a photo of a tabby cat.", p.get(281));
        assertEquals("a photo of a school bus.", p.get(779));
        assertEquals("a photo of a pizza.", p.get(963));
        assertEquals("a photo of a toilet paper.", p.get(999));
    }

    @Test
    void aFileGivesOnePromptPerNonBlankLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "a cat\n\n  a dog  \n");
        assertEquals(List.of("a cat", "a dog"), PromptSet.read(f).prompts());
        Files.writeString(f, "\n \n");
        var e = assertThrows(IllegalArgumentException.class, () -> PromptSet.read(f));
        assertTrue(e.getMessage().endsWith("holds no prompts; write one prompt a line."), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> PromptSet.read(dir.resolve("none.txt")));
        assertTrue(missing.getMessage().startsWith("There is no prompt file"), missing.getMessage());
    }
}
