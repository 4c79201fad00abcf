package dev.scope.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.scope.engine.sae.Definition;
import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.TrainingCounters;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.SubstitutionCost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@code ./scope eval} measured, as JSON ({@code layers.<L>.<mode>} holds each figure by its definition's
 * key, with the cost under {@code cost}; {@code layers.<L>.card}, {@code .checkpoint} and {@code .zero_ablation}
 * beside them; the definitions once at the top) and as Markdown (one table per layer: each figure in each mode
 * beside the card's).
 */
final class EvalReport {

    /** One mode's results: its figures, and its cost unless it was skipped. */
    record Mode(SaeInput input, Metrics metrics, Costs costs, String note) {
    }

    private final JsonObject header = new JsonObject();
    private final Map<SaeInput.Mode, Mode> modes = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    EvalReport(String clip, String saes, boolean demo, String images, int given, String prompts, int promptCount) {
        JsonObject scope = new JsonObject();
        scope.addProperty("clip", clip);
        scope.addProperty("saes", saes);
        scope.addProperty("demo", demo);
        header.add("scope", scope);
        JsonObject imageInfo = new JsonObject();
        imageInfo.addProperty("source", images);
        imageInfo.addProperty("given", given);
        header.add("images", imageInfo);
        JsonObject promptInfo = new JsonObject();
        promptInfo.addProperty("source", prompts);
        promptInfo.addProperty("count", promptCount);
        header.add("prompts", promptInfo);
    }

    void add(Mode mode) {
        modes.put(mode.input().mode(), mode);
        if (!mode.note().isEmpty()) {
            notes.add(mode.note());
        }
    }

    void note(String note) {
        notes.add(note);
    }

    private Metrics anyMetrics() {
        return modes.values().iterator().next().metrics();
    }

    JsonObject json() {
        JsonObject root = header.deepCopy();
        Metrics first = anyMetrics();
        root.getAsJsonObject("images").addProperty("measured", first.images());
        root.getAsJsonObject("images").addProperty("tokens", first.tokens());
        JsonObject card = new JsonObject();
        card.addProperty("source", ModelCard.SOURCE);
        card.addProperty("space", ModelCard.SPACE);
        card.addProperty("batch_images", ModelCard.BATCH_IMAGES);
        card.addProperty("batch_tokens", ModelCard.BATCH_TOKENS);
        card.addProperty("dead_after_tokens", ModelCard.DEAD_AFTER_TOKENS);
        root.add("card", card);
        JsonObject modeLines = new JsonObject();
        modes.values().forEach(m -> modeLines.addProperty(m.input().mode().flag(), m.input().describe()));
        root.add("modes", modeLines);
        JsonObject definitions = new JsonObject();
        for (Definition d : definitions()) {
            definitions.addProperty(d.key(), d.definition());
        }
        root.add("definitions", definitions);
        List<String> all = new ArrayList<>(notes);
        modes.keySet().forEach(m -> all.add(m.flag() + ": " + ModelCard.comparability(m, first.images())));
        root.add("notes", new GsonBuilder().create().toJsonTree(all));
        JsonObject layers = new JsonObject();
        for (int layer : layers()) {
            JsonObject l = new JsonObject();
            for (Mode mode : modes.values()) {
                JsonObject figures = numbers(mode.metrics().layer(layer).figures());
                if (mode.costs() != null) {
                    Map<String, Double> cost = new LinkedHashMap<>(mode.costs().layer(layer).figures());
                    cost.keySet().removeIf(k -> k.endsWith("_zero"));
                    figures.add("cost", numbers(cost));
                }
                l.add(mode.input().mode().flag(), figures);
            }
            ModelCard.forLayer(layer).ifPresent(c -> {
                JsonObject cardFigures = new JsonObject();
                cardFigures.addProperty("mse", c.mse());
                cardFigures.addProperty("explained_variance", c.explainedVariance());
                l.add("card", cardFigures);
            });
            TrainingCounters t = first.trainingOf(layer);
            JsonObject checkpoint = new JsonObject();
            checkpoint.add("token_count", t.tokenCount().isPresent() ? new JsonPrimitive(t.tokenCount().getAsLong()) : JsonNull.INSTANCE);
            checkpoint.add("n_iter", t.nIter().isPresent() ? new JsonPrimitive(t.nIter().getAsLong()) : JsonNull.INSTANCE);
            checkpoint.add("dead_latents", t.dead().isPresent() ? new JsonPrimitive(t.dead().getAsLong()) : JsonNull.INSTANCE);
            l.add("checkpoint", checkpoint);
            modes.values().stream().filter(m -> m.costs() != null).findFirst().ifPresent(m -> {
                Map<String, Double> zero = new LinkedHashMap<>();
                m.costs().layer(layer).figures().forEach((k, v) -> {
                    if (k.endsWith("_zero")) {
                        zero.put(k.substring(0, k.length() - "_zero".length()), v);
                    }
                });
                l.add("zero_ablation", numbers(zero));
            });
            layers.add(String.valueOf(layer), l);
        }
        root.add("layers", layers);
        return root;
    }

    String markdown() {
        Metrics first = anyMetrics();
        StringBuilder md = new StringBuilder("# SAE evaluation\n\n");
        JsonObject scope = header.getAsJsonObject("scope");
        md.append("- CLIP: ").append(scope.get("clip").getAsString()).append("; SAEs: ").append(scope.get("saes").getAsString())
                .append(scope.get("demo").getAsBoolean() ? " (DEMO: random weights)" : "").append('\n');
        md.append(String.format(Locale.ROOT, "- Images: %d of %d from %s (%,d tokens per layer)%n", first.images(),
                header.getAsJsonObject("images").get("given").getAsInt(),
                header.getAsJsonObject("images").get("source").getAsString(), first.tokens()));
        md.append("- Prompts for the cost: ").append(header.getAsJsonObject("prompts").get("count").getAsInt())
                .append(" (").append(header.getAsJsonObject("prompts").get("source").getAsString()).append(")\n");
        for (Mode mode : modes.values()) {
            md.append("- Mode ").append(mode.input().describe()).append(". ")
                    .append(ModelCard.comparability(mode.input().mode(), first.images())).append('\n');
        }
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append("\n## Definitions\n\nx is what the SAE read (in the mode's space), x̂ its reconstruction, t a token.\n\n")
                .append("| figure | key | definition |\n|---|---|---|\n");
        for (Definition d : definitions()) {
            md.append("| ").append(d.name()).append(" | `").append(d.key()).append("` | ").append(d.definition()).append(" |\n");
        }
        for (int layer : layers()) {
            md.append("\n## Layer ").append(layer).append("\n\n| figure |");
            modes.keySet().forEach(m -> md.append(' ').append(m.flag()).append(" |"));
            md.append(" card |\n|---|");
            modes.keySet().forEach(m -> md.append("---:|"));
            md.append("---:|\n");
            for (Definition d : ReconstructionMetrics.DEFINITIONS) {
                md.append("| ").append(d.name()).append(" |");
                modes.values().forEach(m -> md.append(' ').append(format(m.metrics().layer(layer).figures().get(d.key())))
                        .append(" |"));
                md.append(' ').append(cardValue(layer, d.key())).append(" |\n");
            }
            for (Definition d : SubstitutionCost.DEFINITIONS) {
                if (modes.values().stream().allMatch(m -> m.costs() == null)) {
                    break;
                }
                md.append("| ").append(d.name()).append(" |");
                modes.values().forEach(m -> md.append(' ').append(m.costs() == null ? "" : format(m.costs().layer(layer)
                        .figures().get(d.key()))).append(" |"));
                md.append("  |\n");
            }
            TrainingCounters t = first.trainingOf(layer);
            md.append(String.format(Locale.ROOT, "%nThe checkpoint: %s latents dead in training (counter ≥ %,d tokens),"
                    + " trained on %s tokens, step %s.%n", t.dead().isPresent() ? String.format("%,d", t.dead().getAsLong()) : "no count of",
                    ModelCard.DEAD_AFTER_TOKENS, t.tokenCount().isPresent() ? String.format("%,d", t.tokenCount().getAsLong()) : "an unknown number of",
                    t.nIter().isPresent() ? String.valueOf(t.nIter().getAsLong()) : "unknown"));
        }
        return md.toString();
    }

    /** Writes the JSON (and the Markdown when asked), each atomically: a failed write leaves no partial file. */
    void write(Path json, Path markdown) throws IOException {
        write(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json()) + "\n");
        if (markdown != null) {
            write(markdown, markdown());
        }
    }

    private static void write(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".incomplete");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private List<Definition> definitions() {
        List<Definition> all = new ArrayList<>(ReconstructionMetrics.DEFINITIONS);
        if (modes.values().stream().anyMatch(m -> m.costs() != null)) {
            all.addAll(SubstitutionCost.DEFINITIONS);
        }
        return all;
    }

    private SortedSet<Integer> layers() {
        return new TreeSet<>(anyMetrics().layers());
    }

    private static String cardValue(int layer, String key) {
        return ModelCard.forLayer(layer).map(c -> key.equals("mse") ? format(c.mse())
                : key.equals("explained_variance") ? format(c.explainedVariance()) : "").orElse("");
    }

    /** Whole numbers (counts, L0) as integers; NaN (a share recovered when zeroing changed nothing) as null. */
    private static JsonObject numbers(Map<String, Double> values) {
        JsonObject o = new JsonObject();
        values.forEach((k, v) -> o.add(k, !Double.isFinite(v) ? JsonNull.INSTANCE
                : v == Math.rint(v) && Math.abs(v) < 1e15 ? new JsonPrimitive(v.longValue()) : (JsonElement) new JsonPrimitive(v)));
        return o;
    }

    private static String format(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
