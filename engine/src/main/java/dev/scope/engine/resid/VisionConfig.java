package dev.scope.engine.resid;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shape of a CLIP vision tower, read from {@code config.json}'s {@code vision_config}.
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
                default -> throw new ClipConfigException("The config " + file + " names hidden_act \"" + name
                        + "\"; scope supports gelu and quick_gelu.");
            };
        }
    }

    public VisionConfig {
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not divisible by "
                    + numAttentionHeads + " heads");
        }
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
            text = Files.readString(configJson);
        } catch (NoSuchFileException e) {
            throw new ClipConfigException("There is no CLIP config at " + configJson
                    + "; point --clip at a folder holding config.json, preprocessor_config.json and model.safetensors.");
        }
        try {
            JsonObject root = JsonParser.parseString(text).getAsJsonObject();
            JsonObject v = root.has("vision_config") ? root.getAsJsonObject("vision_config") : root;
            int projection = root.has("projection_dim") ? root.get("projection_dim").getAsInt() : 0;
            return new VisionConfig(
                    intField(v, "hidden_size", configJson),
                    intField(v, "intermediate_size", configJson),
                    intField(v, "num_hidden_layers", configJson),
                    intField(v, "num_attention_heads", configJson),
                    intField(v, "image_size", configJson),
                    intField(v, "patch_size", configJson),
                    Activation.parse(v.has("hidden_act") ? v.get("hidden_act").getAsString() : "quick_gelu", configJson),
                    v.has("layer_norm_eps") ? v.get("layer_norm_eps").getAsDouble() : 1e-5,
                    projection);
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new ClipConfigException("The CLIP config " + configJson + " is not valid JSON with a vision_config object.");
        }
    }

    private static int intField(JsonObject o, String name, Path file) throws ClipConfigException {
        if (!o.has(name)) {
            throw new ClipConfigException("The CLIP config " + file + " has no vision_config." + name + ".");
        }
        return o.get(name).getAsInt();
    }
}
