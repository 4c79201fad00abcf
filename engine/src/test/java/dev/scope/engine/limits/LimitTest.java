package dev.scope.engine.limits;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LimitTest {

    @AfterEach
    void clear() {
        System.clearProperty(Limit.IMAGE_PIXELS.property());
    }

    @Test
    void eachLimitHasItsOwnPropertyAndVariable() {
        Set<String> names = new HashSet<>();
        for (Limit l : Limit.values()) {
            assertTrue(names.add(l.property()), l.property());
            assertTrue(names.add(l.environmentVariable()), l.environmentVariable());
            assertTrue(l.defaultValue() > 0, l.name());
            assertFalse(l.description().isBlank(), l.name());
        }
        assertEquals("scope.limit.imagePixels", Limit.IMAGE_PIXELS.property());
        assertEquals("SCOPE_LIMIT_IMAGE_PIXELS", Limit.IMAGE_PIXELS.environmentVariable());
        assertEquals("SCOPE_LIMIT_ZIP_DIRECTORY_BYTES", Limit.ZIP_DIRECTORY_BYTES.environmentVariable());
    }

    /** The README's table is the users' copy of these facts: it must not drift from the code. */
    @Test
    void theReadmeListsEveryLimitWithItsVariableAndDefault() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.startsWith("| `") && l.contains("SCOPE_LIMIT_")).toList();
        assertEquals(Limit.values().length, rows.size(), "rows: " + rows);
        for (Limit l : Limit.values()) {
            String row = rows.stream().filter(r -> r.startsWith("| `" + l.key() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no README row for " + l.key()));
            assertTrue(row.contains("`" + l.environmentVariable() + "`"), row);
            assertTrue(row.contains("| " + String.format(Locale.ROOT, "%,d", l.defaultValue()) + " " + l.unit()), row);
        }
    }

    @Test
    void thePropertyWinsOverTheVariableWhichWinsOverTheDefault() {
        assertEquals(1L << 26, Limit.IMAGE_PIXELS.value(Map.of()));
        assertEquals(1_000, Limit.IMAGE_PIXELS.value(Map.of("SCOPE_LIMIT_IMAGE_PIXELS", "1_000")));
        System.setProperty(Limit.IMAGE_PIXELS.property(), "2000");
        assertEquals(2_000, Limit.IMAGE_PIXELS.value(Map.of("SCOPE_LIMIT_IMAGE_PIXELS", "1000")));
    }

    @Test
    void aSettingThatIsNotAPositiveNumberIsOneLineNamingIt() {
        for (String bad : Arrays.asList("abc", "0", "-5", "1e9")) {
            var e = assertThrows(Limit.InvalidSetting.class,
                    () -> Limit.IMAGE_PIXELS.value(Map.of("SCOPE_LIMIT_IMAGE_PIXELS", bad)));
            assertEquals("SCOPE_LIMIT_IMAGE_PIXELS is \"" + bad + "\", not a positive whole number of pixels; set it to"
                    + " one such as 67108864, or unset it for that default.", e.getMessage());
        }
    }

    @Test
    void checkPassesAtTheLimitAndRefusesPastItSayingHowToRaiseIt() {
        System.setProperty(Limit.IMAGE_PIXELS.property(), "100");
        Limit.IMAGE_PIXELS.check(100, "is %s");
        var e = assertThrows(Limit.Exceeded.class, () -> Limit.IMAGE_PIXELS.check(101, "is %s"));
        assertSame(Limit.IMAGE_PIXELS, e.limit());
        assertEquals("is 101 pixels, over the limit of 100 pixels (imagePixels); if you trust it, raise the limit with"
                + " SCOPE_LIMIT_IMAGE_PIXELS=N or -Dscope.limit.imagePixels=N", e.getMessage());
        assertEquals("sent more than the limit of 100 pixels (imagePixels); if you trust it, raise the limit with"
                + " SCOPE_LIMIT_IMAGE_PIXELS=N or -Dscope.limit.imagePixels=N",
                Limit.IMAGE_PIXELS.exceeded("sent more than").getMessage());
    }
}
