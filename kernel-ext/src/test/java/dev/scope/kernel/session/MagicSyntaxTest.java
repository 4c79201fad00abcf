package dev.scope.kernel.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicSyntaxTest {

    @Test
    void lineMagicOnItsOwnLineBecomesAPlaceholderStatement() {
        ParsedCell cell = MagicSyntax.parse("int a = 1;\n  %scope forward \"my image.png\" --top 5\nint b = 2;");
        assertEquals("int a = 1;\n  __scope_magic_0__;\nint b = 2;", cell.java());
        assertEquals(List.of(new MagicCall("scope", List.of("forward", "my image.png", "--top", "5"),
                "%scope forward \"my image.png\" --top 5")), cell.lineMagics());
    }

    @Test
    void assignedMagicKeepsTheDeclarationAndDropsATrailingSemicolon() {
        ParsedCell cell = MagicSyntax.parse("var r = %scope forward x.png;");
        assertEquals("var r = __scope_magic_0__;", cell.java());
        assertEquals(List.of("forward", "x.png"), cell.lineMagics().get(0).args());
        assertEquals("Foo f =__scope_magic_0__;", MagicSyntax.parse("Foo f =%foo").java());
    }

    @Test
    void percentInJavaCodeStringsAndCommentsIsLeftAlone() {
        for (String java : List.of("int q = 10 %3;", "int m = a % b;", "x %= 4;", "boolean e = a ==%b;",
                "String s = \"= %notamagic\";", "// = %comment", "/* x = %y */", "String t = \"\"\"\n= %z\n\"\"\";",
                "int r = 17\n  %5;")) {
            ParsedCell cell = MagicSyntax.parse(java);
            assertEquals(java, cell.java(), java);
            assertTrue(cell.lineMagics().isEmpty(), java);
        }
    }

    @Test
    void cellMagicTakesTheFirstLineAndTheRestIsItsBody() {
        ParsedCell cell = MagicSyntax.parse("\n%%time --n 3\nfor (;;) {}\n%notALineMagic");
        assertEquals(new MagicCall("time", List.of("--n", "3"), "%%time --n 3"), cell.cellMagic().orElseThrow());
        assertEquals("for (;;) {}\n%notALineMagic", cell.cellBody());
        assertEquals("", MagicSyntax.parse("%%upper").cellBody());
    }

    @Test
    void tokensHonourQuotesAndEscapes() {
        assertEquals(List.of("a b", "c'd", "e\"f", "", "plain"),
                MagicSyntax.tokenize("\"a b\" \"c'd\" 'e\"f' \"\" plain", "src"));
        assertEquals(List.of("say \"hi\""), MagicSyntax.tokenize("\"say \\\"hi\\\"\"", "src"));
        assertEquals(List.of("C:\\dir\\x"), MagicSyntax.tokenize("C:\\dir\\x", "src"));
    }

    @Test
    void malformedMagicLinesAreOneSentenceErrors() {
        assertEquals("Magic line '%scope \"x' has an unterminated \" quote; close it or escape it with a backslash.",
                assertThrows(MagicSyntaxException.class, () -> MagicSyntax.parse("%scope \"x")).getMessage());
        assertEquals("Malformed magic line '%': write %name followed by its arguments, e.g. %lsmagic.",
                assertThrows(MagicSyntaxException.class, () -> MagicSyntax.parse("%")).getMessage());
        assertEquals("Malformed magic line '% scope': write %name followed by its arguments, e.g. %lsmagic.",
                assertThrows(MagicSyntaxException.class, () -> MagicSyntax.parse("int a = 1;\n% scope")).getMessage());
        assertEquals("Cell magic line '%%time' must be the first line of its cell; move it to the top or use a %line magic.",
                assertThrows(MagicSyntaxException.class, () -> MagicSyntax.parse("int a;\n%%time")).getMessage());
        assertEquals("Malformed magic line '%%': write %%name followed by its arguments, e.g. %lsmagic.",
                assertThrows(MagicSyntaxException.class, () -> MagicSyntax.parse("%%")).getMessage());
    }
}
