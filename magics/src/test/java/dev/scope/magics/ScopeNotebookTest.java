package dev.scope.magics;

import dev.scope.engine.Fixtures;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One notebook, run by nbclient through a kernelspec installed in a temporary Jupyter path: every subcommand on
 * the demo scope and on the fixtures, and every kind of bad input, each an error of one line after which the
 * kernel goes on.
 */
class ScopeNotebookTest {

    static final String PYTHON = "/usr/bin/python3";
    static final String KERNEL = "scope-magics-test";

    /** A cell and what its outputs must show. */
    record Cell(String source, int pngs, String stdout, String errorName, String errorStart) {

        static Cell ok(String source, int pngs, String stdout) {
            return new Cell(source, pngs, stdout, null, null);
        }

        static Cell error(String source, String name, String start) {
            return new Cell(source, 0, "", name, start);
        }
    }

    @Test
    void everySubcommandRunsThroughTheInstalledKernel(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import nbclient, nbformat"),
                Map.of(), tmp) == 0, "needs Jupyter's nbclient for " + PYTHON + " (apt-get install python3-nbclient)");
        Path folder = Files.createDirectories(tmp.resolve("photos"));
        for (String name : List.of("astronaut", "chelsea", "coffee")) {
            Files.copy(Fixtures.image(name), folder.resolve(name + ".png"));
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        List<Cell> cells = List.of(
                Cell.ok("%scope help", 0, "%scope top <latent> [--images DIR]"),
                Cell.error("%scope forward black", "MagicError", "No scope is loaded; run %scope load first"),
                // the real scope, offline with an empty Hugging Face cache: how to get the weights, in one line
                Cell.error("%scope load", "MagicError", "config.json of laion/CLIP-ViT-L-14-laion2B-s32B-b82K (revision"
                        + " main) is not in the Hugging Face cache"),
                Cell.ok("%scope load --demo", 0, "Loaded the DEMO scope"),
                Cell.error("%scope heatmap 3", "MagicError", "There is no forward result yet"),
                Cell.ok("var r = %scope forward black", 1, "latent shape (1, 4096)\nreconstruction shape (1, 64)"),
                Cell.ok("System.out.println(r.layer(5).latent().cols() + \" \" + r.layer(5).topLatents(0, 3).size())", 0,
                        "4096 3"),
                Cell.ok("%scope latents --token 3,7", 1, ""),
                Cell.ok("%scope latents --token mean --top 8 --all", 1, "Showing the top 8 of"),
                Cell.ok("%scope heatmap 1,2,3 --pre", 1, ""),
                Cell.ok("var ex = %scope explore --top 4\nex.rank().value(2);\nSystem.out.println(ex.ranking().count() + \" \""
                        + " + (ex.latent() == ex.ranking().ids()[1]))", 0, "4 true"),
                Cell.ok("%scope metrics", 1, "batch-standardised"),
                Cell.ok("%scope top 3 --images " + folder + " --n 2", 2,
                        "3 images: 3 scanned, 0 from the cache; skipped 1 file that is not an image: notes.txt."),
                Cell.ok("%scope top 4 --images " + folder, 2, "3 images: 0 scanned, 3 from the cache"),
                Cell.ok("%scope load --clip " + Fixtures.clip() + " --saes " + Fixtures.saes() + " --layers 2,5", 0, ""),
                Cell.ok("%scope forward " + Fixtures.image("gradient"), 1, "layer 5, all tokens: latent shape (257, 512)"),
                Cell.ok("%scope heatmap 7 --layer 2", 1, ""),
                Cell.ok("var m = %scope metrics --images " + Fixtures.images() + "\nSystem.out.printf(\"mse5 %.2f%n\","
                        + " m.layer(5).mse())", 1, "mse5 138.6"),
                Cell.ok("%scope top 5 --images " + folder + " --layer 5 --by max-patch", 2, "3 scanned"),
                Cell.error("%scope plot", "UnknownSubcommandException", "%scope has no subcommand 'plot'"),
                Cell.error("%scope latents --colour red", "UnknownFlagException", "%scope latents has no flag --colour"),
                Cell.error("%scope heatmap 99999", "MagicError", "Latent 99999 does not exist; this SAE has latents 0 to 511."),
                Cell.error("%scope forward black --layers 8", "MagicError", "Layer 8 is not among the loaded layers [2, 5]"),
                Cell.error("%scope top 1 --images " + tmp.resolve("missing"), "MagicError", "There is no file or folder "),
                Cell.error("%scope top 1 --images " + empty, "MagicError", "The folder " + empty + " has no files"),
                // displays from a method of a statement cell: the agent's frames may still be on their way when the
                // statement returns, and the kernel must wait for them before it replies (all three, not the first)
                Cell.ok("class Three { void show() { for (int i = 1; i <= 3; i++) { display(dev.scope.views.ActivationHistogram"
                        + ".builder(new float[] {1, 2, i}).build()); } } }", 0, ""),
                Cell.ok("new Three().show();", 3, ""),
                Cell.ok("System.out.println(6 * 7)", 0, "42"));

        Path kernels = Files.createDirectories(tmp.resolve("jupyter/kernels"));
        Installer.writeKernelSpec(kernels, KERNEL, "Java (scope magics test)", Classpath.current());
        Path in = tmp.resolve("magics.ipynb");
        Path out = tmp.resolve("magics.out.ipynb");
        Files.writeString(in, notebook(cells));
        Path script = tmp.resolve("run_notebook.py");
        try (InputStream resource = getClass().getResourceAsStream("/run_notebook.py")) {
            Files.copy(resource, script);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUPYTER_PATH", tmp.resolve("jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
        env.put("SCOPE_HEAP", "1g");
        env.put("HF_HUB_OFFLINE", "1");
        env.put("HF_HOME", tmp.resolve("hf").toString());
        env.put("SCOPE_CLIP", "");
        env.put("SCOPE_SAES", "");
        env.put("SCOPE_JAVA_OPTS", String.join(" ", ScopeMagicThroughAgentTest.agentOptions()));
        int exit = run(List.of(PYTHON, script.toString(), in.toString(), out.toString(), KERNEL), env, tmp);
        assertEquals(0, exit, "nbclient failed: " + Files.readString(tmp.resolve("nbclient.log")));

        JsonArray executed = JsonParser.parseString(Files.readString(out)).getAsJsonObject().getAsJsonArray("cells");
        assertEquals(cells.size(), executed.size());
        for (int i = 0; i < cells.size(); i++) {
            check(cells.get(i), executed.get(i).getAsJsonObject().getAsJsonArray("outputs"));
        }
    }

    private static void check(Cell cell, JsonArray outputs) throws IOException {
        String where = "cell '" + cell.source() + "': " + summary(outputs);
        List<JsonObject> errors = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        int pngs = 0;
        for (JsonElement element : outputs) {
            JsonObject output = element.getAsJsonObject();
            switch (output.get("output_type").getAsString()) {
                case "error" -> errors.add(output);
                case "stream" -> {
                    if (output.get("name").getAsString().equals("stdout")) {
                        stdout.append(text(output.get("text")));
                    }
                }
                case "display_data", "execute_result" -> {
                    JsonObject data = output.getAsJsonObject("data");
                    if (data.has("image/png")) {
                        Pictures.assertNotBlank(Pictures.decode(text(data.get("image/png")).replace("\n", "")));
                        pngs++;
                    }
                }
                default -> {
                }
            }
        }
        if (cell.errorName() == null) {
            assertEquals(List.of(), errors, where);
            assertEquals(cell.pngs(), pngs, "PNG images of " + where);
            assertTrue(stdout.toString().contains(cell.stdout()), where);
        } else {
            assertEquals(1, errors.size(), where);
            JsonObject error = errors.get(0);
            assertEquals(cell.errorName(), error.get("ename").getAsString(), where);
            String message = error.get("evalue").getAsString();
            assertTrue(message.startsWith(cell.errorStart()), where);
            assertTrue(message.endsWith("."), where);
            assertFalse(message.contains("\n"), where);
            assertEquals(1, error.getAsJsonArray("traceback").size(), where);
        }
    }

    /** The outputs without their pictures, for failure messages. */
    private static String summary(JsonArray outputs) {
        List<String> parts = new ArrayList<>();
        for (JsonElement element : outputs) {
            JsonObject output = element.getAsJsonObject().deepCopy();
            if (output.has("data")) {
                output.getAsJsonObject("data").remove("image/png");
                output.getAsJsonObject("data").remove("text/html");
            }
            parts.add(output.toString());
        }
        return parts.toString();
    }

    private static String text(JsonElement value) {
        if (value.isJsonArray()) {
            StringBuilder out = new StringBuilder();
            value.getAsJsonArray().forEach(part -> out.append(part.getAsString()));
            return out.toString();
        }
        return value.getAsString();
    }

    private static String notebook(List<Cell> cells) {
        JsonArray array = new JsonArray();
        for (Cell cell : cells) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", "code");
            c.add("metadata", new JsonObject());
            c.add("outputs", new JsonArray());
            c.add("execution_count", null);
            c.addProperty("source", cell.source());
            array.add(c);
        }
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", KERNEL);
        kernelspec.addProperty("display_name", "Java (scope magics test)");
        kernelspec.addProperty("language", "java");
        JsonObject metadata = new JsonObject();
        metadata.add("kernelspec", kernelspec);
        JsonObject nb = new JsonObject();
        nb.add("cells", array);
        nb.add("metadata", metadata);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        Gson gson = new GsonBuilder().serializeNulls().setPrettyPrinting().create();
        return gson.toJson(nb);
    }

    private static int run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nbclient.log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("nbclient did not finish in 15 minutes: " + Files.readString(dir.resolve("nbclient.log"), StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
