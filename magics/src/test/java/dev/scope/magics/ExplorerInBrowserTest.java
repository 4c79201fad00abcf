package dev.scope.magics;

import com.google.gson.Gson;
import dev.scope.engine.Fixtures;
import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code %scope explore} in a real browser (explorer_in_browser.py): Chromium renders the widgets from the state the
 * kernel sent, with {@code @jupyter-widgets/html-manager}; moving the rank slider through the kernel redraws the
 * heatmap and nothing else. Runs where SCOPE_WIDGETS_EMBED_JS names html-manager's dist/embed.js and Debian's
 * chromium is installed (a one-off check, not CI: the browser alone is a large download); SCOPE_BROWSER_OUT keeps
 * the screenshots.
 */
class ExplorerInBrowserTest {

    @Test
    void theSliderRedrawsTheHeatmapInChromium(@TempDir Path dir) throws Exception {
        String embed = System.getenv("SCOPE_WIDGETS_EMBED_JS");
        Assumptions.assumeTrue(embed != null && Files.isRegularFile(Path.of(embed)), "SCOPE_WIDGETS_EMBED_JS not set");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
        Installer.writeKernelSpec(dir.resolve("kernels"), "scope-browser", "Java (scope browser check)", Classpath.current());
        Path script = dir.resolve("explorer_in_browser.py");
        try (InputStream in = getClass().getResourceAsStream("/browser/explorer_in_browser.py")) {
            Files.copy(in, script);
        }
        Path out = Path.of(System.getenv().getOrDefault("SCOPE_BROWSER_OUT", dir.resolve("out").toString()));
        Path log = dir.resolve("browser.log");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "scope-browser",
                Fixtures.image("astronaut").toString(), embed, out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_PATH", dir.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("SCOPE_HISTORY", "off");
        String djl = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        if (djl != null) {
            pb.environment().put("DJL_CACHE_DIR", djl);
            pb.environment().put("SCOPE_JAVA_OPTS", "-Dai.djl.offline=true -DDJL_CACHE_DIR=" + djl);
        }
        Process check = pb.start();
        if (!check.waitFor(15, TimeUnit.MINUTES) || check.exitValue() != 0) {
            check.destroyForcibly();
            fail("explorer_in_browser.py failed:\n" + Files.readString(log));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> report = new Gson().fromJson(Files.readString(out.resolve("report.json")), Map.class);
        System.out.println("explorer in Chromium: " + report);
        assertEquals(true, report.get("heatmap_bytes_changed"));
        assertTrue(((Number) report.get("non_white_pixels")).doubleValue() > 50_000, "the widgets drew: " + report);
        @SuppressWarnings("unchecked")
        List<Double> box = (List<Double>) report.get("changed_box");
        assertTrue(((Number) report.get("pixels_changed")).doubleValue() > 1000, report.toString());
        assertTrue(box.get(2) < 600, "only the left column (rank, caption, heatmap) changed, not the bars: " + box);
    }
}
