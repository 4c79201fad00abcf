package dev.scope.engine.io;

import com.google.gson.JsonParseException;
import dev.scope.engine.limits.Limit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class JsonInputTest {

    @AfterEach
    void clear() {
        System.clearProperty(Limit.NESTING_DEPTH.property());
        System.clearProperty(Limit.JSON_BYTES.property());
    }

    @Test
    void nestingUpToTheLimitParsesAndBracketsInStringsDoNotCount() {
        System.setProperty(Limit.NESTING_DEPTH.property(), "3");
        assertEquals(1, JsonInput.parse("{\"a\": [[1]]}").getAsJsonObject().getAsJsonArray("a").size());
        assertEquals("[[[\"{{{", JsonInput.parse("{\"a\": \"[[[\\\"{{{\"}").getAsJsonObject().get("a").getAsString());
        var e = assertThrows(Limit.Exceeded.class, () -> JsonInput.parse("{\"a\": [[[1]]]}"));
        assertEquals("nests JSON arrays or objects at least 4 levels deep, over the limit of 3 levels (nestingDepth);"
                + " if you trust it, raise the limit with SCOPE_LIMIT_NESTING_DEPTH=N or -Dscope.limit.nestingDepth=N",
                e.getMessage());
    }

    /** Lenient JSON could hide brackets from the depth count (in comments, single quotes, bare words). */
    @Test
    void onlyStrictJsonIsAccepted() {
        for (String lenient : new String[] {"{'a': 1}", "{a: 1}", "// note\n{}", "{\"a\": 1} trailing", "{\"a\": NaN}"}) {
            assertThrows(JsonParseException.class, () -> JsonInput.parse(lenient), lenient);
        }
        assertEquals(1e-5, JsonInput.parse("{\"eps\": 1e-05}").getAsJsonObject().get("eps").getAsDouble());
    }

    @Test
    void readsOnlyRegularFilesWithinTheSizeLimit(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"a\": 1}");
        assertEquals("{\"a\": 1}", JsonInput.read(file));
        System.setProperty(Limit.JSON_BYTES.property(), "5");
        var e = assertThrows(Limit.Exceeded.class, () -> JsonInput.read(file));
        assertTrue(e.getMessage().startsWith("is 8 bytes, over the limit of 5 bytes (jsonBytes)"), e.getMessage());
        var folder = assertThrows(IOException.class, () -> JsonInput.read(dir));
        assertEquals("it is a folder", folder.getMessage());
    }
}
