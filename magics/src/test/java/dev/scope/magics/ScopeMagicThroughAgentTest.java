package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.session.CommDelivery;
import dev.scope.kernel.testkit.CellResult;
import dev.scope.kernel.testkit.CommEvent;
import dev.scope.kernel.testkit.DisplayEvent;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code %scope} in a real session (the agent JVM the kernel runs cells in), without Jupyter: the extension is
 * found through its service file, values reach cells, views arrive as PNG and HTML displays, errors are one line.
 */
class ScopeMagicThroughAgentTest {

    static KernelTestKit kit;

    @BeforeAll
    static void start() {
        SessionOptions base = SessionOptions.fromEnvironment();
        kit = KernelTestKit.start(new SessionOptions(base.classpath(), agentOptions(), base.outputLimitBytes(),
                Duration.ofSeconds(120), base.interruptGrace()));
    }

    /** The DJL settings the build gives its own JVM, and a heap that suits a small machine. */
    static List<String> agentOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dai.djl.offline=true"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            options.add("-DDJL_CACHE_DIR=" + cache);
        }
        return options;
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    static List<MimeBundle> shown(CellResult result) {
        return result.displays().stream().filter(d -> !d.update()).map(DisplayEvent::bundle).toList();
    }

    static long pngs(CellResult result) {
        return shown(result).stream().filter(b -> b.data().containsKey(MimeBundle.PNG)).count();
    }

    static long tables(CellResult result) {
        return shown(result).stream().filter(b -> String.valueOf(b.data().get(MimeBundle.HTML)).contains("<table")).count();
    }

    @Test
    void everySubcommandOnTheDemoScope(@TempDir Path dir) throws IOException {
        CellResult load = kit.execOk("%scope load --demo --layers all");
        assertEquals(1, tables(load), "the summary table");
        assertTrue(load.outcome().shownValue().orElseThrow().textPlain().startsWith("DEMO scope"));

        CellResult forward = kit.execOk("var r = %scope forward black");
        assertTrue(forward.stdout().contains("latent shape (1, 4096)\nreconstruction shape (1, 64)"), forward.stdout());
        assertTrue(forward.stdout().contains("latent shape (257, 4096)"));
        assertEquals(1, pngs(forward), "the crop");
        assertEquals(1, tables(forward), "the top latents");
        assertEquals("4096", kit.execText("r.layer(5).latent().cols()"));
        assertEquals("64", kit.execText("r.layer(5).reconstruction().cols()"));
        assertEquals("257", kit.execText("r.layer(2).resid().rows()"));
        assertEquals("5", kit.execText("r.layer(5).topLatents(0, 5).size()"));

        CellResult latents = kit.execOk("%scope latents --token 3,7 --top 10");
        assertEquals(1, pngs(latents));
        assertEquals(1, tables(latents));
        assertEquals("10", kit.execText("var a = %scope latents --layer 2\na.count() > 0 ? 10 : -1"));
        assertEquals(1, pngs(kit.execOk("%scope latents --all")));

        assertEquals(1, pngs(kit.execOk("%scope heatmap 1,2,3 --pre")));
        CellResult heatmap = kit.execOk("var grids = %scope heatmap 5");
        assertEquals(1, pngs(heatmap));
        assertEquals("256", kit.execText("grids.grid(5).values().length"));

        CellResult metrics = kit.execOk("%scope metrics");
        assertEquals(1, pngs(metrics));
        assertEquals(2, tables(metrics), "the figures and their definitions");
        assertEquals("2", kit.execText("var m = %scope metrics\nm.layers().size()"));
        assertTrue(metrics.stdout().contains("batch-standardised"));

        Files.copy(Fixtures.image("astronaut"), dir.resolve("astronaut.png"));
        Files.copy(Fixtures.image("coffee"), dir.resolve("coffee.png"));
        Files.writeString(dir.resolve("readme.txt"), "not an image");
        CellResult top = kit.execOk("%scope top 7 --images " + dir);
        assertEquals(2, pngs(top), "the grid and the histogram");
        assertTrue(top.stdout().contains("2 images: 2 scanned, 0 from the cache; skipped 1 file that is not an image:"
                + " readme.txt."), top.stdout());
        assertTrue(kit.execOk("%scope top 8 --images " + dir).stdout().contains("0 scanned, 2 from the cache"));

        assertTrue(kit.execOk("%scope help").stdout().contains("%scope heatmap <latent>"));
    }

    @Test
    void theExplorerRedrawsWhenTheFrontEndMovesTheRankSlider() {
        kit.execOk("%scope load --demo");
        kit.execOk("%scope forward black");
        int before = kit.commEvents().size();
        CellResult shown = kit.execOk("var ex = %scope explore");
        assertTrue(shown.displays().get(0).bundle().data().containsKey("application/vnd.jupyter.widget-view+json"));
        List<CommEvent> opened = kit.commEvents().subList(before, kit.commEvents().size());
        assertTrue(opened.stream().filter(e -> e.kind().equals("comm_open")).count() > 20, "every widget, layout and style");
        String rank = kit.execText("ex.rank().modelId()");
        String heatmap = kit.execText("ex.heatmap().modelId()");
        CommEvent heatmapOpen = opened.stream().filter(e -> e.commId().equals(heatmap)).findFirst().orElseThrow();
        byte[] firstPng = heatmapOpen.buffers().get(0);

        int beforeMove = kit.commEvents().size();
        CellResult moved = kit.deliver(new CommDelivery("comm_msg", rank, null,
                Map.of("method", "update", "state", Map.of("value", 2), "buffer_paths", List.of()), List.of()));
        assertEquals("", moved.stderr());
        CommEvent redraw = kit.commEvents().subList(beforeMove, kit.commEvents().size()).stream()
                .filter(e -> e.commId().equals(heatmap)).findFirst().orElseThrow();
        assertEquals(List.of(List.of("value")), redraw.data().get("buffer_paths"));
        assertFalse(java.util.Arrays.equals(firstPng, redraw.buffers().get(0)), "the heatmap of the second latent");
        assertEquals(kit.execText("ex.ranking().ids()[1]"), kit.execText("ex.latent()"));
    }

    @Test
    void aBufferedImageVariableOnTheFixtureScope() {
        kit.execOk("%scope load --clip " + Fixtures.clip() + " --saes " + Fixtures.saes() + " --layers 2,5");
        kit.execOk("var img = javax.imageio.ImageIO.read(new java.io.File(\"" + Fixtures.image("chelsea") + "\"))");
        CellResult forward = kit.execOk("var fr = %scope forward img --layers 5");
        assertTrue(forward.stdout().contains("layer 5, CLS token:\nlatent shape (1, 512)\nreconstruction shape (1, 64)"),
                forward.stdout());
        assertFalse(forward.stdout().contains("layer 2"));
        assertEquals("[5]", kit.execText("fr.layers()"));
        assertEquals("8", kit.execText("fr.layer(5).topLatents(0, 100).size()"));
    }

    @Test
    void badInputIsAOneLineErrorAndTheSessionGoesOn() {
        kit.execOk("%scope load --demo");
        assertError("UnknownSubcommandException", "%scope plot", "%scope has no subcommand 'plot'");
        assertError("UnknownFlagException", "%scope latents --colour red", "%scope latents has no flag --colour");
        assertError("MagicError", "%scope heatmap 3", "There is no forward result yet");
        kit.execOk("%scope forward black");
        assertError("MagicError", "%scope heatmap 99999", "Latent 99999 does not exist");
        assertError("MagicError", "%scope latents --layer 22", "Layer 22 is not among the layers of this result");
        assertError("MagicError", "%scope top 1 --images /nonexistent/folder", "There is no file or folder /nonexistent/folder");
        assertError("MagicError", "%scope load --dtype bfloat16", "--dtype bfloat16 is not available");
        assertEquals("6", kit.execText("1 + 5"));
    }

    private static void assertError(String name, String cell, String start) {
        CellError error = kit.execError(cell);
        assertEquals(name, error.name(), error.toString());
        assertTrue(error.message().startsWith(start), error.message());
        assertFalse(error.message().contains("\n"), error.message());
        assertEquals(List.of(error.message()), error.traceback());
    }
}
