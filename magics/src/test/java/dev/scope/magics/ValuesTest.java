package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ValuesTest {

    @Test
    void layersAreSortedWithoutRepeatsAndAllIsEmpty() {
        assertEquals(List.of(22), Values.layers("22", "--layers"));
        assertEquals(List.of(2, 5), Values.layers("5, 2,5", "--layers"));
        assertEquals(List.of(), Values.layers("ALL", "--layers"));
    }

    @Test
    void badLayersNameTheValue() {
        assertEquals("--layers takes layer numbers like 22 or 2,5, or all, not '2,x'.",
                assertThrows(MagicException.class, () -> Values.layers("2,x", "--layers")).getMessage());
        assertThrows(MagicException.class, () -> Values.layers("-1", "--layers"));
        assertThrows(MagicException.class, () -> Values.layers("", "--layers"));
    }

    @Test
    void intInChecksTheRange() {
        assertEquals(9, Values.intIn("9", "--n", 1, 100));
        assertEquals("--n takes a whole number from 1 to 100, not '0'.",
                assertThrows(MagicException.class, () -> Values.intIn("0", "--n", 1, 100)).getMessage());
        assertThrows(MagicException.class, () -> Values.intIn("nine", "--n", 1, 100));
        assertThrows(MagicException.class, () -> Values.intIn("99999999999", "--n", 1, 100));
    }

    @Test
    void latentsMayBeAVariableOfIds() {
        dev.scope.kernel.ext.MagicContext context = name -> java.util.Optional.ofNullable(switch (name) {
            case "one" -> (Object) 17;
            case "ids" -> new int[] {9, 4};
            case "list" -> List.of(3, 1);
            case "empty" -> List.of();
            case "text" -> "cat";
            default -> null;
        });
        assertArrayEquals(new int[] {17}, Values.latents("one", context));
        assertArrayEquals(new int[] {9, 4}, Values.latents("ids", context));
        assertArrayEquals(new int[] {3, 1}, Values.latents("list", context));
        assertArrayEquals(new int[] {7, 8}, Values.latents("7,8", context));
        assertEquals("The variable text holds a String, not latent ids; give it an int, an int[] or a List<Integer>"
                + " of latent ids.", assertThrows(MagicException.class, () -> Values.latents("text", context)).getMessage());
        assertTrue(assertThrows(MagicException.class, () -> Values.latents("empty", context)).getMessage()
                .contains("holds no ids (it is empty)"));
        assertThrows(MagicException.class, () -> Values.latents("unknown", context));
    }

    @Test
    void latentsKeepTheOrderGiven() {
        assertArrayEquals(new int[] {4242, 7, 9}, Values.latents("4242,7, 9"));
        assertThrows(MagicException.class, () -> Values.latents("cat"));
        assertEquals("Latent 512 is out of range; layer 5's SAE has latents 0 to 511.",
                assertThrows(MagicException.class, () -> Values.checkLatent(512, 5, 512)).getMessage());
        assertThrows(MagicException.class, () -> Values.checkLatent(-1, 5, 512));
        assertEquals(511, Values.checkLatent(511, 5, 512));
    }

    @Test
    void numbersAndSingleLatentsComeFromTextOrVariables() {
        dev.scope.kernel.ext.MagicContext vars = name -> java.util.Optional.ofNullable(
                java.util.Map.<String, Object>of("alpha", 12.5, "f", 4242, "two", new int[] {1, 2}, "s", "x").get(name));
        assertEquals(-2.5f, Values.number("-2.5", "--by", vars));
        assertEquals(12.5f, Values.number("alpha", "--by", vars));
        assertEquals(4242, Values.latent("f", vars));
        assertEquals(7, Values.latent("7", vars));
        assertEquals("'two' names 2 latents; give one latent id, like 4242.",
                assertThrows(MagicException.class, () -> Values.latent("two", vars)).getMessage());
        assertEquals("The variable s holds a String, not a number; give --by a number such as 10 or -2.5.",
                assertThrows(MagicException.class, () -> Values.number("s", "--by", vars)).getMessage());
        assertEquals("--by takes a number such as 10 or -2.5, not 'NaN'.",
                assertThrows(MagicException.class, () -> Values.number("NaN", "--by", vars)).getMessage());
    }
}
