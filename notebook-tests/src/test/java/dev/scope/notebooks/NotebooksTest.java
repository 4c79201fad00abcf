package dev.scope.notebooks;

import com.google.gson.JsonObject;
import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Executes every notebook unattended through the real kernel in Jupyter (nbconvert), as committed, with the
 * weights switched by the environment only: SCOPE_CLIP and SCOPE_SAES point at the tiny fixture weights
 * (layers 2 and 5, width 64, 512 latents, k 8), SCOPE_LAYERS=5 stands in for the default layer 22, and the
 * Hugging Face hub is offline. The kernelspec runs the kernel from this module's test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {

    /** What one notebook must show: at least this many plots, and these lines among its text outputs. */
    record Expected(String name, int minPngs, List<String> lines) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> FIXTURE_SHAPES = List.of("activations shape (1, 257, 64)", "cls activations shape (1, 64)",
            "latent shape (1, 512)", "reconstruction shape (1, 64)");

    static Stream<Expected> notebooks() {
        return Stream.of(
                new Expected("01-quickstart", 4, FIXTURE_SHAPES),
                new Expected("02-patch-heatmaps", 10, List.of(
                        "patch (6, 7) covers pixels 84–97 from the top and 98–111 from the left; it is token 104 of 257")),
                new Expected("03-layer-metrics", 4, List.of("layer   EV raw  EV batch   EV card   MSE batch   MSE card",
                        "They agree.", "cost measured on 24 images over 1000 prompts")),
                new Expected("04-workshop", 15, List.of("Layer 5: 512 latents, 8 active per token.",
                        "3 rounds ready from 24 images at layer 5.",
                        "Round 1: no pick yet. Replace \"?\" with \"A\" or \"B\" and run this cell again.",
                        "You: 0 right of 0 answered (3 rounds).")),
                new Expected("05-java-api", 3, FIXTURE_SHAPES),
                new Expected("06-index-and-dashboards", 6, List.of(
                        "24 of 24 images were in the index already: nothing was run again.")),
                new Expected("07-interventions", 12, List.of("Clamped to its own value: cosine to the clean run 1.0000",
                        "Steered by 0: cosine to the clean run 1.0000")));
    }

    /** One folder for the whole class, made in {@link BeforeAll}. */
    Path tmp;
    Path jupyterPath;

    @BeforeAll
    void installTheKernelFromTheTestClasspath(@TempDir Path classTmp) throws Exception {
        tmp = classTmp;
        Command.requireJupyter();
        jupyterPath = Files.createDirectories(tmp.resolve("share"));
        Installer.writeKernelSpec(jupyterPath.resolve("kernels"), "scope", "Java (scope)", Classpath.current());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void runsUnattendedWithPlotsAndNoErrors(Expected expected) throws Exception {
        Path root = Project.root();
        Path outDir = Files.createDirectories(tmp.resolve("executed"));
        Command.Result run = fixtureRun(root.resolve("notebooks"))
                .run("jupyter", "nbconvert", "--to", "notebook", "--execute", expected.name() + ".ipynb",
                        "--ExecutePreprocessor.kernel_name=scope", "--ExecutePreprocessor.timeout=600",
                        "--output-dir", outDir.toString(), "--output", expected.name());
        assertEquals(0, run.status(), run::describe);

        Notebook executed = Notebook.read(outDir.resolve(expected.name() + ".ipynb"));
        List<Notebook.Output> outputs = executed.outputs();
        List<Notebook.Output> errors = outputs.stream()
                .filter(o -> o.type().equals("error") || "stderr".equals(o.streamName())).toList();
        assertEquals(List.of(), errors, expected.name() + " has error or stderr outputs");
        for (JsonObject cell : executed.codeCells()) {
            assertFalse(cell.get("execution_count").isJsonNull(), expected.name() + ": a code cell did not run: " + cell.get("source"));
        }

        List<byte[]> pngs = executed.pngs();
        assertTrue(pngs.size() >= expected.minPngs(), expected.name() + " shows " + pngs.size() + " images, fewer than "
                + expected.minPngs());
        for (byte[] png : pngs) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, expected.name() + ": an image/png output is not a PNG");
            assertTrue(image.getWidth() >= 100 && image.getHeight() >= 100, expected.name() + ": a plot of only "
                    + image.getWidth() + "x" + image.getHeight());
        }

        Set<String> lines = executed.text().lines().map(String::strip).collect(Collectors.toSet());
        for (String line : expected.lines()) {
            assertTrue(lines.contains(line), expected.name() + " does not print '" + line + "'; it printed:\n" + executed.text());
        }
    }

    /**
     * The sort-eval game as a student plays it: a copy of 04-workshop with "A" picked in every round (images/
     * linked next to it) must check each pick and keep the score the scoreboard repeats.
     */
    @Test
    void theSortEvalGameChecksPicksAndKeepsScore() throws Exception {
        Path root = Project.root();
        Path played = Files.createDirectories(tmp.resolve("played"));
        Files.createSymbolicLink(played.resolve("images"), root.resolve("notebooks/images").toAbsolutePath());
        String source = Files.readString(root.resolve("notebooks/04-workshop.ipynb"));
        String picked = source.replace("game.answer(1, \\\"?\\\")", "game.answer(1, \\\"A\\\")")
                .replace("game.answer(2, \\\"?\\\")", "game.answer(2, \\\"a\\\")")
                .replace("game.answer(3, \\\"?\\\")", "game.answer(3, \\\" A \\\")");
        assertEquals(3, (picked.length() - picked.replace("game.answer(", "").length()) / "game.answer(".length());
        assertNotEquals(source, picked, "the picks were written into the copy");
        Files.writeString(played.resolve("04-played.ipynb"), picked);
        Command.Result run = fixtureRun(played).run("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "04-played.ipynb", "--ExecutePreprocessor.kernel_name=scope", "--ExecutePreprocessor.timeout=600",
                "--output", "04-played-out");
        assertEquals(0, run.status(), run::describe);
        List<String> lines = Notebook.read(played.resolve("04-played-out.ipynb")).text().lines().map(String::strip).toList();
        List<String> verdicts = lines.stream().filter(l -> l.startsWith("Right! ") || l.startsWith("Not this time. ")).toList();
        assertEquals(3, verdicts.size(), String.join("\n", lines));
        long right = verdicts.stream().filter(l -> l.startsWith("Right! ")).count();
        for (String verdict : verdicts) {
            assertTrue(verdict.matches("(Right!|Not this time\\.) The query is [a-z-]+\\.png: latent \\d+ \\([AB]\\) fires on it"
                    + " with CLS value -?\\d+\\.\\d{3}; latent \\d+ is not among its active latents\\."), verdict);
            assertEquals(verdict.startsWith("Right! "), verdict.contains("(A) fires"), "A was picked: " + verdict);
        }
        assertTrue(lines.contains("Your score: " + right + " of 3 answered."), String.join("\n", lines));
        assertTrue(lines.contains("You: " + right + " right of 3 answered (3 rounds)."), String.join("\n", lines));
    }

    /** nbconvert in {@code directory} with the fixture weights and this test's Jupyter folders. */
    Command fixtureRun(Path directory) {
        Path fixtures = Project.root().resolve("fixtures").toAbsolutePath();
        return new Command()
                .env("SCOPE_CLIP", fixtures.resolve("tiny-clip").toString())
                .env("SCOPE_SAES", fixtures.resolve("tiny-scope").toString())
                .env("SCOPE_LAYERS", "5")
                .isolatedUnder(tmp)
                .env("JUPYTER_PATH", jupyterPath.toString())
                .in(directory)
                .timeout(Duration.ofMinutes(15));
    }

    @Test
    void everyNotebookIsCommittedWithoutOutputsForTheScopeKernel() throws IOException {
        Path folder = Project.root().resolve("notebooks");
        Set<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(notebooks().map(Expected::name).collect(Collectors.toCollection(TreeSet::new)), names,
                "every notebook in notebooks/ is executed by this test");
        for (String name : names) {
            Notebook notebook = Notebook.read(folder.resolve(name + ".ipynb"));
            assertEquals("scope", notebook.kernelName(), name);
            assertEquals(List.of(), notebook.outputs(), name + " is committed with outputs");
            for (JsonObject cell : notebook.codeCells()) {
                assertTrue(cell.get("execution_count").isJsonNull(), name + " is committed with execution counts");
            }
        }
    }
}
