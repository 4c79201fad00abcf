package dev.scope.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.SubstitutionCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ./scope eval} on the fixture scope: the report's figures are the engine's, in every mode asked for. */
class EvalCommandTest {

    static Path folder(Path dir) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String name : List.of("black", "astronaut", "chelsea", "coffee", "gradient")) {
            Files.copy(Fixtures.image(name), images.resolve(name + ".png"));
        }
        Files.writeString(images.resolve("notes.txt"), "not an image");
        return images;
    }

    @Test
    void theReportHoldsEachModesFiguresBesideTheCardAndTheCheckpoint(@TempDir Path dir) throws IOException {
        Path images = folder(dir);
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a photo of a cat.\na photo of a dog.\n"
                + "a photo of a goldfish.\na photo of a school bus.\n");
        Path json = dir.resolve("out/report.json");
        Path md = dir.resolve("out/report.md");
        ScopeCliTest.Run r = ScopeCliTest.run("eval", "--clip", Fixtures.clip().toString(), "--saes",
                Fixtures.saes().toString(), "--layers", "2,5", "--images", images.toString(), "--standardise",
                "raw,batch,dataset", "--prompts", prompts.toString(), "--json", json.toString(), "--markdown",
                md.toString(), "--device", "cpu");
        assertEquals(0, r.status(), r.err());
        assertEquals("Wrote " + json + " and " + md + ": layers [2, 5], modes [raw, batch, dataset], 5 images.",
                r.out().strip());
        assertTrue(r.err().contains("skipped notes.txt"), r.err());
        assertTrue(Files.isRegularFile(images.resolve(InputStats.FILE_NAME)), "dataset statistics stored in the folder");

        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(5, report.getAsJsonObject("images").get("measured").getAsInt());
        assertEquals(6, report.getAsJsonObject("images").get("given").getAsInt());
        assertEquals(4, report.getAsJsonObject("prompts").get("count").getAsInt());
        for (var d : ReconstructionMetrics.DEFINITIONS) {
            assertEquals(d.definition(), report.getAsJsonObject("definitions").get(d.key()).getAsString());
        }
        assertTrue(report.getAsJsonArray("notes").toString().contains("the batch statistics are noisy"));
        try (Scope scope = Scope.load(new ScopeSpec(Source.local(Fixtures.clip()), Source.local(Fixtures.saes()),
                List.of(2, 5), DeviceChoice.CPU, WeightType.FLOAT32))) {
            List<ImageSource> sources = ImageSource.folder(images);
            Metrics raw = scope.measure(sources, List.of(2, 5), SaeInput.RAW, ScanListener.NONE);
            Metrics batch = scope.measure(sources, List.of(2, 5), SaeInput.BATCH, ScanListener.NONE);
            for (int layer : List.of(2, 5)) {
                JsonObject l = report.getAsJsonObject("layers").getAsJsonObject(String.valueOf(layer));
                for (String key : List.of("mse", "explained_variance", "nmse", "l0")) {
                    assertEquals(raw.layer(layer).figures().get(key), l.getAsJsonObject("raw").get(key).getAsDouble(),
                            1e-9 * (1 + Math.abs(raw.layer(layer).figures().get(key))), key);
                    assertEquals(batch.layer(layer).figures().get(key), l.getAsJsonObject("batch").get(key).getAsDouble(),
                            1e-9 * (1 + Math.abs(batch.layer(layer).figures().get(key))), key);
                    // the dataset is the folder measured: its statistics are the batch's
                    assertEquals(batch.layer(layer).figures().get(key), l.getAsJsonObject("dataset").get(key).getAsDouble(),
                            1e-4 * (1 + Math.abs(batch.layer(layer).figures().get(key))), key);
                }
                JsonObject cost = l.getAsJsonObject("batch").getAsJsonObject("cost");
                double kl = cost.get("kl").getAsDouble();
                assertTrue(kl > 0, cost.toString());
                double cosine = cost.get("cosine").getAsDouble();
                assertTrue(cosine < 1 && cosine > l.getAsJsonObject("zero_ablation").get("cosine").getAsDouble(),
                        cost.toString());
                assertEquals(1 - kl / l.getAsJsonObject("zero_ablation").get("kl").getAsDouble(),
                        cost.get("share_recovered").getAsDouble(), 1e-12);
                assertEquals(1000, l.getAsJsonObject("checkpoint").get("token_count").getAsLong());
                assertEquals(0, l.getAsJsonObject("checkpoint").get("dead_latents").getAsLong());
            }
            assertEquals(267.95, report.getAsJsonObject("layers").getAsJsonObject("2").getAsJsonObject("card")
                    .get("mse").getAsDouble());
            assertEquals(0.665, report.getAsJsonObject("layers").getAsJsonObject("5").getAsJsonObject("card")
                    .get("explained_variance").getAsDouble());
        }
        String markdown = Files.readString(md);
        assertTrue(markdown.contains("## Layer 5\n\n| figure | raw | batch | dataset | card |"), markdown);
        assertTrue(markdown.contains("| MSE | "), markdown);
        assertTrue(markdown.contains("| 267.95 |"), markdown);
        for (var d : SubstitutionCost.DEFINITIONS) {
            assertTrue(markdown.contains(d.definition()), d.key());
        }
        try (var files = Files.list(json.getParent())) {
            assertEquals(List.of("report.json", "report.md"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no partial files beside the reports");
        }
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws IOException {
        String clip = Fixtures.clip().toString();
        String saes = Fixtures.saes().toString();
        String json = dir.resolve("r.json").toString();
        ScopeCliTest.Run mode = ScopeCliTest.run("eval", "--clip", clip, "--saes", saes, "--images",
                Fixtures.images().toString(), "--standardise", "raw,zscore", "--json", json);
        assertEquals(1, mode.status());
        assertEquals("scope eval: --standardise takes raw, batch, dataset, not 'zscore'.", mode.err().strip());
        ScopeCliTest.Run noJson = ScopeCliTest.run("eval", "--images", Fixtures.images().toString());
        assertEquals(2, noJson.status());
        assertEquals("scope eval: The option --json is required.", noJson.err().strip());
        ScopeCliTest.Run noStats = ScopeCliTest.run("eval", "--clip", clip, "--saes", saes, "--images",
                Fixtures.image("black") + "," + Fixtures.image("coffee"), "--standardise", "dataset", "--json", json,
                "--no-cost");
        assertEquals(1, noStats.status());
        assertEquals("scope eval: Dataset standardisation needs statistics: name a file with --stats FILE, or measure"
                + " a folder (--images DIR) to estimate them over it.", noStats.err().strip());
        assertFalse(Files.exists(Path.of(json)), "no report when the run fails");
    }
}
