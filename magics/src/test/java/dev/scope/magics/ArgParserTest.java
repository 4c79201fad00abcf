package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ArgParserTest {

    private static final FlagSpec LATENTS = new FlagSpec(List.of("layer", "token", "top"), List.of("all"));

    @Test
    void splitsPositionalsOptionsAndSwitches() {
        ParsedArgs a = ArgParser.parse("heatmap", List.of("5,7", "--layer", "22", "--pre"),
                new FlagSpec(List.of("layer"), List.of("pre")));
        assertEquals(List.of("5,7"), a.positionals());
        assertEquals(Map.of("layer", "22"), a.options());
        assertEquals(Set.of("pre"), a.switches());
        assertTrue(a.has("pre"));
        assertEquals("22", a.option("layer", "5"));
    }

    @Test
    void acceptsOptionEqualsValue() {
        ParsedArgs a = ArgParser.parse("latents", List.of("--token=3,7", "--top", "5"), LATENTS);
        assertEquals("3,7", a.option("token").orElseThrow());
        assertEquals("5", a.option("top").orElseThrow());
        assertTrue(a.positionals().isEmpty());
    }

    @Test
    void aNegativeNumberIsAValueNotAFlag() {
        assertEquals("-1", ArgParser.parse("latents", List.of("--token", "-1"), LATENTS).option("token").orElseThrow());
    }

    @Test
    void afterDoubleDashEverythingIsPositional() {
        ParsedArgs a = ArgParser.parse("forward", List.of("--", "--odd-name.png"), new FlagSpec(List.of("layers"), List.of()));
        assertEquals(List.of("--odd-name.png"), a.positionals());
    }

    @Test
    void anUnknownFlagIsANamedOneLineError() {
        UnknownFlagException e = assertThrows(UnknownFlagException.class,
                () -> ArgParser.parse("latents", List.of("--frobnicate"), LATENTS));
        assertEquals("%scope latents has no flag --frobnicate; it takes --layer, --token, --top and --all"
                + " (see %scope help latents).", e.getMessage());
        assertInstanceOf(MagicException.class, e);
    }

    @Test
    void anOptionWithoutValueIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> ArgParser.parse("latents", List.of("--layer"), LATENTS));
        assertEquals("--layer needs a value; see %scope help latents for an example.", e.getMessage());
        assertThrows(MagicException.class, () -> ArgParser.parse("latents", List.of("--layer", "--all"), LATENTS));
        assertThrows(MagicException.class, () -> ArgParser.parse("latents", List.of("--layer="), LATENTS));
    }

    @Test
    void aFlagGivenTwiceOrASwitchWithAValueIsAnError() {
        assertEquals("--top is given twice in %scope latents; give it once.", assertThrows(MagicException.class,
                () -> ArgParser.parse("latents", List.of("--top", "3", "--top", "4"), LATENTS)).getMessage());
        assertThrows(MagicException.class, () -> ArgParser.parse("latents", List.of("--all=yes"), LATENTS));
    }

    @Test
    void flagSpecDescribesItsFlags() {
        assertEquals("no flags", FlagSpec.none().describe());
        assertEquals("--layers", new FlagSpec(List.of("layers"), List.of()).describe());
    }
}
