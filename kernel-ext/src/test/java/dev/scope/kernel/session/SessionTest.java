package dev.scope.kernel.session;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.testkit.CellResult;
import dev.scope.kernel.testkit.DisplayEvent;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells through a real session (agent JVM included), without Jupyter. */
class SessionTest {

    private static KernelTestKit kit;

    @BeforeAll
    static void start() {
        kit = KernelTestKit.start();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void declarationsAndStatePersistAcrossCells() {
        assertInstanceOf(CellOutcome.Nothing.class, kit.execOk("int base = 21;").outcome());
        kit.execOk("int twice(int v) { return 2 * v; }");
        kit.execOk("record Pair(int a, int b) { int sum() { return a + b; } }");
        assertEquals("42", kit.execText("twice(base)"));
        assertEquals("7", kit.execText("new Pair(3, 4).sum()"));
        assertEquals("abc", kit.execText("\"abc\""));
        assertEquals("[1, 2, 3]", kit.execText("List.of(1, 2, 3)"));
    }

    @Test
    void onlyTheLastRealSnippetShowsAValue() {
        assertEquals("42", kit.execText("int a = 6;\na * 7;{};"));
        assertInstanceOf(CellOutcome.Nothing.class, kit.execOk("int b = 1;\nb + 1;\nint c = 2;").outcome());
    }

    /**
     * JShell keeps each expression's value in a {@code $N} variable the kernel never names: once shown (or passed
     * over mid-cell, or left behind by a failing cell) it must be garbage, or a session of cells ending in
     * {@code %scope forward} keeps every result. A variable the cell declares keeps its value.
     */
    @Test
    void anExpressionsValueIsNotKeptOnceTheCellHasShownIt() {
        kit.execOk("""
                java.lang.ref.WeakReference<Object> made;
                Object make() { Object v = new StringBuilder("made"); made = new java.lang.ref.WeakReference<>(v); return v; }
                boolean collected() { for (int i = 0; i < 5 && made.get() != null; i++) System.gc(); return made.get() == null; }""");
        assertEquals("made", kit.execText("make()"));
        assertEquals("true", kit.execText("collected()"));
        assertEquals("2", kit.execText("make();\n1 + 1"));
        assertEquals("true", kit.execText("collected()"));
        kit.execError("make();\nthrow new IllegalStateException(\"after\");");
        assertEquals("true", kit.execText("collected()"));
        kit.execOk("var kept = make();");
        assertEquals("false", kit.execText("collected()"));
        assertEquals("made", kit.execText("kept.toString()"));
        assertEquals("42", kit.execText("int n = 6 * 7;\nn"), "a primitive value is shown as before");
    }

    @Test
    void stdoutAndStderrAreStreamedSeparately() {
        CellResult result = kit.execOk("System.out.println(\"to out\"); System.err.println(\"to err\");");
        assertEquals("to out\n", result.stdout());
        assertEquals("to err\n", result.stderr());
    }

    @Test
    void compileErrorShowsTheLineAndMarksTheBadPart() {
        CellError error = kit.execError("int fine = 1;\nint broken = undefinedName + 1;");
        assertEquals("CompileError", error.name());
        assertEquals("cannot find symbol", error.message());
        List<String> tb = error.traceback();
        assertTrue(tb.get(0).endsWith("line 2:"), tb.toString());
        assertEquals("    int broken = undefinedName + 1;", tb.get(1));
        assertEquals("                 ^^^^^^^^^^^^^", tb.get(2));
        assertTrue(tb.contains("  symbol:   variable undefinedName"), tb.toString());
    }

    @Test
    void runtimeErrorShowsTheUsersFramesAndCauses() {
        kit.execOk("void inner() { throw new IllegalStateException(\"bad state\", new RuntimeException(\"root\")); }\n"
                + "void outer() {\n  inner();\n}");
        CellError error = kit.execError("outer()");
        assertEquals("java.lang.IllegalStateException", error.name());
        assertEquals("bad state", error.message());
        List<String> tb = error.traceback();
        assertEquals("java.lang.IllegalStateException: bad state", tb.get(0));
        assertTrue(tb.get(1).matches("    at inner \\(In \\[\\d+] line 1\\)"), tb.toString());
        assertTrue(tb.get(2).matches("    at outer \\(In \\[\\d+] line 3\\)"), tb.toString());
        assertTrue(tb.contains("Caused by: java.lang.RuntimeException: root"), tb.toString());
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("dev.scope.kernel")), tb.toString());
        assertEquals("java.lang.NumberFormatException", kit.execError("Integer.parseInt(\"nope\")").name());
    }

    @Test
    void imagesRenderAsDecodablePng() throws Exception {
        MimeBundle bundle = kit.execRendered("var img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);\n"
                + "img.setRGB(3, 4, 0xFF0000);\nimg");
        BufferedImage png = decode(bundle);
        assertEquals(32, png.getWidth());
        assertEquals(16, png.getHeight());
        assertEquals(0xFF0000, png.getRGB(3, 4) & 0xFFFFFF);
        assertEquals("BufferedImage 32x16", bundle.textPlain());
    }

    @Test
    void chartsRenderAtTwiceThePixelDensity() throws Exception {
        MimeBundle bundle = kit.execRendered("""
                var chart = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title("squares").build();
                chart.addSeries("y", new double[]{1, 2, 3}, new double[]{1, 4, 9});
                chart""");
        BufferedImage png = decode(bundle);
        assertEquals(600, png.getWidth());
        assertEquals(400, png.getHeight());
        Map<?, ?> size = (Map<?, ?>) bundle.metadata().get(MimeBundle.PNG);
        assertEquals(300, ((Number) size.get("width")).intValue());
        assertEquals(200, ((Number) size.get("height")).intValue());
    }

    @Test
    void tablesRenderAsHtmlWithTextFallback() {
        MimeBundle bundle = kit.execRendered("""
                import tech.tablesaw.api.*;
                Table.create("people", IntColumn.create("age", 31, 42), StringColumn.create("name", "Ada", "<Bob>"))""");
        String html = (String) bundle.data().get(MimeBundle.HTML);
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<caption>people: 2 rows × 2 columns</caption>"), html);
        assertTrue(html.contains("<th>age</th><th>name</th>"), html);
        assertTrue(html.contains("<td>42</td><td>&lt;Bob&gt;</td>"), html);
        assertTrue(bundle.textPlain().contains("Ada"), bundle.textPlain());
    }

    @Test
    void renderablesAndExtensionRenderersAreUsed() {
        MimeBundle point = kit.execRendered("new dev.scope.kernel.testext.Point(1, 2)");
        assertEquals("<b>(1, 2)</b>", point.data().get(MimeBundle.HTML));
        assertEquals("Point 1,2", point.textPlain());
        MimeBundle own = kit.execRendered("dev.scope.kernel.ext.MimeBundle.html(\"<i>x</i>\", \"x\")");
        assertEquals("<i>x</i>", own.data().get(MimeBundle.HTML));
    }

    @Test
    void clearOutputReachesTheFrontEndInOrder() {
        var result = kit.execOk("System.out.println(\"before\");\nclearOutput(true);\ndisplay(\"after\");\nclearOutput();");
        assertEquals("before\n", result.stdout());
        assertEquals(List.of(true, false), result.clears());
        assertEquals(1, result.displays().size());
    }

    @Test
    void displayAndUpdateDisplayTargetOneOutput() {
        CellResult result = kit.execOk("var shown = display(new dev.scope.kernel.testext.Point(1, 2));\n"
                + "shown.update(\"later\");\nupdateDisplay(shown.id(), \"last\");");
        List<DisplayEvent> displays = result.displays();
        assertEquals(3, displays.size());
        assertFalse(displays.get(0).update());
        assertEquals("<b>(1, 2)</b>", displays.get(0).bundle().data().get(MimeBundle.HTML));
        assertTrue(displays.get(1).update() && displays.get(2).update());
        assertEquals(displays.get(0).id(), displays.get(2).id());
        assertEquals("last", displays.get(2).bundle().textPlain());
        CellResult shownOnce = kit.execOk("display(\"once\")");
        assertInstanceOf(CellOutcome.Nothing.class, shownOnce.outcome());
        assertEquals(1, shownOnce.displays().size());
    }

    @Test
    void progressBarUpdatesItsDisplayInPlace() {
        CellResult result = kit.execOk("""
                try (var p = dev.scope.kernel.ext.Progress.start("scan", 3)) {
                    for (int i = 0; i < 3; i++) { p.step(); }
                }""");
        List<DisplayEvent> displays = result.displays();
        assertFalse(displays.get(0).update());
        String id = displays.get(0).id();
        assertTrue(displays.stream().skip(1).allMatch(d -> d.update() && d.id().equals(id)), displays.toString());
        String last = displays.get(displays.size() - 1).bundle().textPlain();
        assertTrue(last.endsWith("100% (3/3)"), last);
        assertTrue(((String) displays.get(0).bundle().data().get(MimeBundle.HTML)).contains("<progress"));
    }

    @Test
    void magicResultIsAssignableWithItsOwnType() {
        assertInstanceOf(CellOutcome.Nothing.class, kit.execOk("var r = %latents 4").outcome());
        assertEquals("6.0", kit.execText("r.sum()"));
        assertEquals("4", kit.execText("r.latent().length"));
        assertEquals("3", kit.execText("dev.scope.kernel.testext.LatentResult typed = %latents 3;\ntyped.latent().length"));
        assertTrue(kit.execText("%latents 2").startsWith("dev.scope.kernel.testext.LatentResult@"));
    }

    @Test
    void magicReadsVariablesNamedInItsArguments() {
        kit.execOk("var photo = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);");
        assertEquals("7x5", kit.execText("%size photo"));
        assertEquals("3x2", kit.execText("var small = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);\n"
                + "var size = %size small\nsize"));
        CellError error = kit.execError("%size nothingHere");
        assertEquals(CellError.oneLine("MagicError",
                "%size needs the name of a BufferedImage variable, got 'nothingHere'."), error);
    }

    @Test
    void cellMagicsAndVoidMagics() {
        assertEquals("a,b:HELLO\nWORLD", kit.execText("%%upper a b\nhello\nworld"));
        assertInstanceOf(CellOutcome.Nothing.class, kit.execOk("%nothing").outcome());
        assertEquals("null", kit.execText("var none = %nothing\nString.valueOf(none)"));
    }

    @Test
    void magicErrorsAreOneLine() {
        assertEquals(CellError.oneLine("MagicError", "Unknown line magic %nosuch; %lsmagic lists the installed magics."),
                kit.execError("%nosuch"));
        assertEquals(CellError.oneLine("MagicSyntaxError",
                        "Magic line '%latents \"4' has an unterminated \" quote; close it or escape it with a backslash."),
                kit.execError("%latents \"4"));
        assertEquals(1, kit.execError("% latents").traceback().size());
        assertEquals(1, kit.execError("int k = 1;\n%%upper\nx").traceback().size());
        CellError exploded = kit.execError("%explode");
        assertEquals("java.lang.IllegalStateException", exploded.name());
        assertTrue(exploded.traceback().stream().noneMatch(l -> l.contains("dev.scope.kernel.agent")), exploded.traceback().toString());
    }

    @Test
    void lsmagicAndHelpListWhatIsInstalled() {
        String listing = kit.execText("%lsmagic");
        assertTrue(listing.startsWith("Line magics: %classpath  %explode  %help  %latents  %lsmagic  %nothing  %size"), listing);
        assertTrue(listing.endsWith("Cell magics: %%upper"), listing);
        assertTrue(kit.execText("%help latents").contains("a LatentResult with N values"));
        assertEquals("true", kit.execText("var listed = %lsmagic\nlisted.contains(\"%%upper\")"));
    }

    @Test
    void percentInJavaIsNotAMagic() {
        assertEquals("1", kit.execText("int q = 10 %3;\nq"));
        assertEquals("50%done", kit.execText("String pct = \"50%done\";\npct"));
        assertEquals("2", kit.execText("int m = 17\n  %5;\nm"));
    }

    @Test
    void outputOverTheLimitIsDroppedAndCounted() {
        CellResult result = kit.execOk("System.out.print(\"x\".repeat(3_000_000)); 1");
        assertEquals(SessionOptions.DEFAULT_OUTPUT_LIMIT, result.stdout().length());
        assertTrue(result.stderr().contains("1,951,424 bytes of output were not shown"), result.stderr());
        assertEquals("1", result.outcome().shownValue().orElseThrow().textPlain());
    }

    @Test
    void completionInspectionAndCompleteness() {
        JavaSession session = kit.session();
        Completion completion = session.complete("int n = 1;\nStr", 14);
        assertTrue(completion.candidates().contains("String"), completion.toString());
        assertEquals(11, completion.start());
        assertEquals(List.of("lsmagic"), session.complete("%lsm", 4).candidates());
        assertTrue(session.inspect("Math.max(", 9).orElseThrow().contains("int Math.max(int a, int b)"));
        assertEquals("incomplete", session.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", session.isComplete("int a = 1;"));
        assertEquals("complete", session.isComplete("%lsmagic"));
    }

    private static BufferedImage decode(MimeBundle bundle) throws Exception {
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get(MimeBundle.PNG));
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
