package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.SubstitutionCost;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.TableView;
import dev.scope.views.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** {@code %scope metrics --standardise} and {@code %scope cost} on the fixture scope, against the engine's own calls. */
class EvaluationCommandsTest {

    static final MagicContext NO_VARIABLES = name -> Optional.empty();
    static final List<Integer> LAYERS = List.of(2, 5);
    static ScopeSession session;
    static ScopeMagics magics;
    static Scope scope;

    @BeforeAll
    static void load() throws Exception {
        session = new ScopeSession();
        magics = new ScopeMagics(session);
        scope = (Scope) run("load", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--device", "cpu").value();
    }

    @AfterAll
    static void close() {
        session.replaceScope(null);
    }

    static Shown run(String... args) throws Exception {
        return magics.run(List.of(args), NO_VARIABLES);
    }

    static Path fixtureFolder(Path dir) throws Exception {
        for (String name : List.of("black", "astronaut", "chelsea", "coffee", "gradient")) {
            Files.copy(Fixtures.image(name), dir.resolve(name + ".png"));
        }
        return dir;
    }

    @Test
    void batchModeIsTheEnginesAndSaysTheStatisticsAreNoisy() throws Exception {
        Shown shown = run("metrics", "--images", Fixtures.images().toString(), "--standardise", "batch");
        Metrics metrics = (Metrics) shown.value();
        assertEquals(SaeInput.Mode.BATCH, metrics.input().mode());
        Metrics engine = scope.measure(ImageSource.folder(Fixtures.images()), LAYERS, SaeInput.BATCH, ScanListener.NONE);
        for (int layer : LAYERS) {
            assertEquals(engine.layer(layer), metrics.layer(layer));
        }
        assertTrue(shown.text().contains("SAE inputs batch: standardised per dimension over each batch of up to 128"
                + " images"), shown.text());
        assertTrue(shown.text().contains("Only 5 images here, fewer than the card's batches of 128 (32,896 tokens): the"
                + " batch statistics are noisy."), shown.text());
        assertEquals(3, shown.views().size());
        TableView table = shown.view(TableView.class);
        assertTrue(table.caption().contains("batch: standardised"), table.caption());
        assertEquals(1000.0, table.table().doubleColumn("training tokens").get(0), "the checkpoint's token_count");
        assertEquals(0.0, table.table().doubleColumn("dead in training").get(1));
        TableView definitions = (TableView) shown.views().get(2);
        assertEquals(ReconstructionMetrics.DEFINITIONS.size(), definitions.table().rowCount());
        BufferedImage charts = ((View) shown.views().get(0)).toImage();
        Pictures.rendered((View) shown.views().get(0), charts.getWidth() / 2, charts.getHeight() / 2);
    }

    @Test
    void datasetModeEstimatesTheStatisticsOnceAndStoresThemInTheFolder(@TempDir Path dir) throws Exception {
        Path folder = fixtureFolder(dir);
        Shown first = run("metrics", "--images", folder.toString(), "--standardise", "dataset");
        Path file = folder.resolve(InputStats.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        assertTrue(first.text().startsWith("Estimated input statistics over 5 images and stored them in " + file + "."),
                first.text());
        Shown again = run("metrics", "--images", folder.toString(), "--standardise", "dataset", "--layers", "5");
        assertTrue(again.text().startsWith("Input statistics: statistics over 5 images of " + folder), again.text());
        assertTrue(again.text().contains("read from " + file), again.text());
        // the dataset is the very images measured: the same statistics as batch mode over them
        Metrics dataset = (Metrics) first.value();
        Metrics batch = (Metrics) run("metrics", "--images", folder.toString(), "--standardise", "batch").value();
        for (int layer : LAYERS) {
            assertEquals(batch.layer(layer).mse(), dataset.layer(layer).mse(), 1e-4 * batch.layer(layer).mse());
        }
        // one image with the stored statistics, named with --stats
        run("forward", Fixtures.image("coffee").toString());
        Metrics one = (Metrics) run("metrics", "--standardise", "dataset", "--stats", file.toString()).value();
        assertEquals(257, one.tokens());
        assertEquals(SaeInput.Mode.DATASET, one.input().mode());
    }

    @Test
    void badModesAndMissingStatisticsAreOneLine(@TempDir Path dir) throws Exception {
        assertEquals("--standardise takes raw, batch, dataset, not 'z'.", assertThrows(MagicException.class,
                () -> run("metrics", "--images", Fixtures.images().toString(), "--standardise", "z")).getMessage());
        assertEquals("--stats names dataset statistics; add --standardise dataset, or leave --stats out.",
                assertThrows(MagicException.class, () -> run("metrics", "--images", Fixtures.images().toString(),
                        "--stats", dir.resolve("s.safetensors").toString())).getMessage());
        run("forward", "black");
        assertEquals("Dataset standardisation needs statistics: name a file with --stats FILE, or measure a folder"
                + " (--images DIR) to estimate them over it.", assertThrows(MagicException.class,
                () -> run("metrics", "--standardise", "dataset")).getMessage());
        Path missing = dir.resolve("none.safetensors");
        assertEquals("There are no input statistics at " + missing + "; give the images to estimate them over with"
                + " --images DIR.", assertThrows(MagicException.class,
                () -> run("metrics", "--standardise", "dataset", "--stats", missing.toString())).getMessage());
    }

    @Test
    void costIsTheEnginesWithTheDefinitions(@TempDir Path dir) throws Exception {
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a photo of a cat.\na photo of a dog.\n"
                + "a photo of a goldfish.\na photo of a school bus.\n");
        Shown shown = run("cost", "--images", Fixtures.images().toString(), "--prompts", prompts.toString());
        Costs costs = (Costs) shown.value();
        assertEquals(5, costs.images());
        assertEquals(4, costs.prompts());
        assertEquals(LAYERS, costs.layers());
        Costs engine = scope.cost(ImageSource.folder(Fixtures.images()), LAYERS, List.of("a photo of a cat.",
                "a photo of a dog.", "a photo of a goldfish.", "a photo of a school bus."), SaeInput.RAW, ScanListener.NONE);
        for (int layer : LAYERS) {
            SubstitutionCost c = costs.layer(layer);
            assertEquals(engine.layer(layer).kl(), c.kl(), 1e-9);
            assertTrue(c.cosine() < 1 && c.cosine() > c.cosineZero(), c.toString());
        }
        assertTrue(shown.text().startsWith("Measured on 5 images over 4 prompts; SAE inputs raw:"), shown.text());
        assertEquals(3, shown.views().size());
        assertTrue(shown.view(TableView.class).caption().contains("5 images, 4 prompts"));
        View overview = (View) shown.views().get(0);
        BufferedImage image = overview.toImage();
        Pictures.rendered(overview, image.getWidth() / 2, image.getHeight() / 2);
    }

    @Test
    void costOnTheLastForwardInBatchMode() throws Exception {
        run("forward", Fixtures.image("chelsea").toString());
        Shown shown = run("cost", "--standardise", "batch", "--layers", "5");
        Costs costs = (Costs) shown.value();
        assertEquals(1, costs.images());
        assertEquals(1000, costs.prompts(), "the ImageNet-1k classes by default");
        assertEquals(List.of(5), costs.layers());
        assertTrue(shown.text().contains("over 1000 prompts (the ImageNet-1k classes)"), shown.text());
    }
}
