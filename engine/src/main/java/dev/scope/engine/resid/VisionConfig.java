package dev.scope.engine.resid;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.scope.engine.io.JsonInput;
import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shape of a CLIP vision tower, read from {@code config.json}'s {@code vision_config}. Every size
 * must be positive, the width must split evenly into the heads, and none may be absurd (see
 * {@link #MAX_WIDTH} and the like): a config that would divide by zero or overflow a shape is refused
 * with one sentence naming the file.
 *
 * <pre>
 * jshell&gt; VisionConfig.read(Path.of("tiny-clip/config.json")).tokens()   // 257
 * </pre>
 */
public record VisionConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int imageSize,
        int patchSize,
        Activation hiddenAct,
        double layerNormEps,
        int projectionDim) {

    /** The MLP activations CLIP configs use. */
    public enum Activation {
        GELU, QUICK_GELU;

        public static Activation parse(String name, Path file) throws ClipConfigException {
            return switch (name) {
                case "gelu" -> GELU;
                case "quick_gelu" -> QUICK_GELU;
                default -> throw new ClipConfigException("The config " + file + " names hidden_act \""
                        + (name.length() <= 40 ? name : name.substring(0, 37) + "...").replaceAll("\\p{Cntrl}", "?")
                        + "\"; scope supports gelu and quick_gelu.");
            };
        }
    }

    /** Plausibility bounds, some 10× beyond the largest CLIP towers (ViT-bigG: width 1664, 48 blocks). */
    public static final int MAX_WIDTH = 1 << 15;
    public static final int MAX_INTERMEDIATE = 1 << 17;
    public static final int MAX_LAYERS = 1024;
    public static final int MAX_IMAGE_SIZE = 8192;
    public static final int MAX_TOKENS = 1 << 16;

    public VisionConfig {
        String fault = fault(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, imageSize, patchSize,
                layerNormEps);
        if (fault != null) {
            throw new IllegalArgumentException("A CLIP vision config " + fault + ".");
        }
    }

    /** What makes these sizes unusable, as the tail of a sentence, or null when they are fine. */
    private static String fault(int hidden, int intermediate, int layers, int heads, int imageSize, int patchSize,
                                double eps) {
        String range = range("hidden_size", hidden, MAX_WIDTH);
        range = range != null ? range : range("intermediate_size", intermediate, MAX_INTERMEDIATE);
        range = range != null ? range : range("num_hidden_layers", layers, MAX_LAYERS);
        range = range != null ? range : range("num_attention_heads", heads, hidden);
        range = range != null ? range : range("image_size", imageSize, MAX_IMAGE_SIZE);
        range = range != null ? range : range("patch_size", patchSize, imageSize);
        if (range != null) {
            return range;
        }
        if (hidden % heads != 0) {
            return "has hidden_size " + hidden + ", which does not split evenly into " + heads + " attention heads";
        }
        long grid = imageSize / patchSize;
        if (grid * grid + 1 > MAX_TOKENS) {
            return "has " + (grid * grid + 1) + " tokens (image_size " + imageSize + ", patch_size " + patchSize
                    + "), more than the " + MAX_TOKENS + " any CLIP uses";
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            return "has layer_norm_eps " + eps + ", which must be a small positive number";
        }
        return null;
    }

    private static String range(String name, long value, long max) {
        if (value < 1 || value > max) {
            return "has " + name + " " + value + ", outside 1.." + max;
        }
        return null;
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    public BlockShape blockShape() {
        return new BlockShape(hiddenSize, intermediateSize, numAttentionHeads, hiddenAct, layerNormEps);
    }

    public int gridSize() {
        return imageSize / patchSize;
    }

    public int patches() {
        return gridSize() * gridSize();
    }

    /** CLS plus one token per patch. */
    public int tokens() {
        return patches() + 1;
    }

    public static VisionConfig read(Path configJson) throws IOException {
        String text;
        try {
            text = JsonInput.read(configJson);
        } catch (NoSuchFileException e) {
            throw new ClipConfigException("There is no CLIP config at " + configJson
                    + "; point --clip at a folder holding config.json, preprocessor_config.json and model.safetensors.");
        } catch (Limit.Exceeded e) {
            throw new ClipConfigException("The CLIP config " + configJson + " " + e.getMessage() + ".");
        } catch (IOException e) {
            throw new ClipConfigException("The CLIP config " + configJson + " cannot be read (" + e.getMessage()
                    + "); point --clip at a Hugging Face CLIP folder.");
        }
        JsonObject root;
        JsonObject v;
        try {
            root = JsonInput.parse(text).getAsJsonObject();
            v = root.has("vision_config") ? root.getAsJsonObject("vision_config") : root;
        } catch (Limit.Exceeded e) {
            throw new ClipConfigException("The CLIP config " + configJson + " " + e.getMessage() + ".");
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new ClipConfigException("The CLIP config " + configJson + " is not valid JSON with a vision_config object.");
        }
        int hidden = intField(v, "hidden_size", configJson);
        int intermediate = intField(v, "intermediate_size", configJson);
        int layers = intField(v, "num_hidden_layers", configJson);
        int heads = intField(v, "num_attention_heads", configJson);
        int imageSize = intField(v, "image_size", configJson);
        int patchSize = intField(v, "patch_size", configJson);
        JsonElement act = v.get("hidden_act");
        Activation activation = Activation.parse(act == null ? "quick_gelu"
                : act.isJsonPrimitive() && act.getAsJsonPrimitive().isString() ? act.getAsString() : "" + shortJson(act),
                configJson);
        double eps = v.has("layer_norm_eps") ? number(v, "layer_norm_eps", configJson).doubleValue() : 1e-5;
        int projection = root.has("projection_dim") ? intField(root, "projection_dim", configJson) : 0;
        String fault = fault(hidden, intermediate, layers, heads, imageSize, patchSize, eps);
        if (fault != null) {
            throw new ClipConfigException("The CLIP config " + configJson + " " + fault
                    + "; it is not a usable CLIP config, so check that --clip names a CLIP model.");
        }
        return new VisionConfig(hidden, intermediate, layers, heads, imageSize, patchSize, activation, eps, projection);
    }

    /** A whole number that fits an int; range checks come after, with the other sizes. */
    private static int intField(JsonObject o, String name, Path file) throws ClipConfigException {
        if (!o.has(name)) {
            throw new ClipConfigException("The CLIP config " + file + " has no vision_config." + name + ".");
        }
        try {
            return number(o, name, file).intValueExact();
        } catch (ArithmeticException e) {
            throw new ClipConfigException("The CLIP config " + file + " gives " + name + " as "
                    + shortJson(o.get(name)) + ", not a whole number of a plausible size; check the file.");
        }
    }

    private static BigDecimal number(JsonObject o, String name, Path file) throws ClipConfigException {
        JsonElement e = o.get(name);
        try {
            if (e instanceof JsonPrimitive p && p.isNumber()) {
                return p.getAsBigDecimal();
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new ClipConfigException("The CLIP config " + file + " gives " + name + " as " + shortJson(e)
                + ", not a number; check the file.");
    }

    private static String shortJson(JsonElement e) {
        String text = String.valueOf(e);
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
