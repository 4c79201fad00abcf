package dev.scope.notebooks;

import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Binder's memory budget: the quickstart runs through the installed kernel with Binder's settings (binder/start)
 * on full-size random weights (CLIP ViT-L/14 and the layer-22 SAE, float32 files as published) inside a 2 GiB
 * memory cgroup that holds nbconvert, the kernel JVM, its agent JVM and everything they start. It must end
 * without errors and without an OOM kill; the peaks are printed. Skipped where no memory cgroup can be made.
 */
class BinderMemoryTest {
    static final long BINDER_MEMORY = 2L << 30;
    static final List<String> FULL_SIZE_SHAPES = List.of("activations shape (1, 257, 1024)",
            "cls activations shape (1, 1024)", "latent shape (1, 65536)", "reconstruction shape (1, 1024)");

    @Test
    void theQuickstartFitsInBindersTwoGigabytes(@TempDir Path tmp) throws Exception {
        MemoryCgroup cgroup;
        try {
            cgroup = MemoryCgroup.create("scope-binder", BINDER_MEMORY);
        } catch (MemoryCgroup.Unavailable e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        try (cgroup) {
            Command.requireJupyter();
            Path root = Project.root();
            long t0 = System.nanoTime();
            Path clip = tmp.resolve("clip");
            Path saes = tmp.resolve("saes");
            FullSizeWeights weights = new FullSizeWeights();
            weights.writeClip(clip, root.resolve("fixtures/tiny-clip/preprocessor_config.json"));
            Path sae = weights.writeSae(saes, 22);
            List<Path> files = List.of(clip.resolve("model.safetensors"), sae);
            dropFromPageCache(files);
            long t1 = System.nanoTime();

            Path jupyterPath = Files.createDirectories(tmp.resolve("share"));
            Installer.writeKernelSpec(jupyterPath.resolve("kernels"), "scope", "Java (scope)", Classpath.current());
            Command run = new Command()
                    .env("SCOPE_CLIP", clip.toString())
                    .env("SCOPE_SAES", saes.toString())
                    .isolatedUnder(tmp)
                    .env("JUPYTER_PATH", jupyterPath.toString())
                    .in(root.resolve("notebooks"))
                    .timeout(Duration.ofMinutes(10));
            Map<String, String> binder = binderSettings(root.resolve("binder/start"));
            binder.forEach(run::env);
            Path out = Files.createDirectories(tmp.resolve("executed"));
            Command.Result result = run.run(cgroup.wrap(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "01-quickstart.ipynb", "--ExecutePreprocessor.kernel_name=scope", "--ExecutePreprocessor.timeout=600",
                    "--output-dir", out.toString(), "--output", "01-quickstart")));
            long t2 = System.nanoTime();
            MemoryCgroup.Figures figures = cgroup.figures();
            System.out.printf("BinderMemoryTest: %s; weights %,d + %,d bytes written in %.0f s, quickstart %.0f s;"
                            + " Binder's settings %s%n", figures, Files.size(files.get(0)), Files.size(files.get(1)),
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, binder);

            assertEquals(0, result.status(), () -> figures + "\n" + result.describe());
            assertEquals(0, figures.oomKills(), () -> "the kernel was killed for memory: " + figures);
            assertTrue(figures.peak() < BINDER_MEMORY, figures::toString);
            Notebook executed = Notebook.read(out.resolve("01-quickstart.ipynb"));
            assertEquals(List.of(), executed.outputs().stream()
                    .filter(o -> o.type().equals("error") || "stderr".equals(o.streamName())).toList());
            Set<String> lines = executed.text().lines().map(String::strip).collect(Collectors.toSet());
            for (String line : FULL_SIZE_SHAPES) {
                assertTrue(lines.contains(line), "the full-size scope ran: '" + line + "' missing from\n" + executed.text());
            }
        }
    }

    /** The SCOPE_ variables binder/start sets at every launch ({@code export NAME="${NAME:-value}"}). */
    static Map<String, String> binderSettings(Path start) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^export (SCOPE_\\w+)=\"\\$\\{\\1:-([^}]*)}\"$").matcher(Files.readString(start));
        while (m.find()) {
            settings.put(m.group(1), m.group(2));
        }
        assertEquals(Set.of("SCOPE_LAYERS", "SCOPE_DTYPE", "SCOPE_HEAP"), settings.keySet(), "binder/start's settings");
        return settings;
    }

    /**
     * Writes the files out and drops them from the page cache, so that the kernel's reads are charged to its cgroup,
     * as on Binder, where the weights come from the image (a page already cached stays charged to who cached it).
     */
    static void dropFromPageCache(List<Path> files) throws IOException, InterruptedException {
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            List<String> dd = new ArrayList<>(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
            Process p = new ProcessBuilder(dd).inheritIO().start();
            assertEquals(0, p.waitFor(), "dd could not drop " + file + " from the page cache");
        }
    }
}
