package dev.scope.engine.text;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.scope.engine.resid.BlockShape;
import dev.scope.engine.resid.ClipConfigException;
import dev.scope.engine.resid.VisionConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shape of a CLIP text tower and its special token ids, read from {@code config.json}'s
 * {@code text_config}; {@code projectionDim} is the model's shared embedding width (the root
 * {@code projection_dim}). Absent fields take transformers' {@code CLIPTextConfig} defaults.
 *
 * <pre>
 * jshell&gt; TextConfig.read(Path.of("tiny-clip/config.json")).eosTokenId()   // 999
 * </pre>
 */
public record TextConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int maxPositions,
        int vocabSize,
        VisionConfig.Activation hiddenAct,
        double layerNormEps,
        int bosTokenId,
        int eosTokenId,
        int padTokenId,
        int projectionDim) {

    /** transformers' rule for old configs: with {@code eos_token_id} 2 the EOS is the row's largest id. */
    public static final int LEGACY_EOS_TOKEN_ID = 2;

    public BlockShape blockShape() {
        return new BlockShape(hiddenSize, intermediateSize, numAttentionHeads, hiddenAct, layerNormEps);
    }

    /** Whether the EOS position is {@code argmax(input_ids)} rather than the first {@code eos_token_id}. */
    public boolean poolsAtLargestId() {
        return eosTokenId == LEGACY_EOS_TOKEN_ID;
    }

    public static TextConfig read(Path configJson) throws IOException {
        String text;
        try {
            text = Files.readString(configJson);
        } catch (NoSuchFileException e) {
            throw new ClipConfigException("There is no CLIP config at " + configJson
                    + "; point --clip at a folder holding config.json and model.safetensors.");
        }
        try {
            JsonObject root = JsonParser.parseString(text).getAsJsonObject();
            if (!root.has("text_config")) {
                throw new ClipConfigException("The CLIP config " + configJson + " has no text_config; the text side needs"
                        + " a full CLIPModel folder (config.json with text_config, model.safetensors with text_model.*).");
            }
            JsonObject t = root.getAsJsonObject("text_config");
            return new TextConfig(
                    intField(t, "hidden_size", 512),
                    intField(t, "intermediate_size", 2048),
                    intField(t, "num_hidden_layers", 12),
                    intField(t, "num_attention_heads", 8),
                    intField(t, "max_position_embeddings", 77),
                    intField(t, "vocab_size", 49408),
                    VisionConfig.Activation.parse(t.has("hidden_act") ? t.get("hidden_act").getAsString() : "quick_gelu",
                            configJson),
                    t.has("layer_norm_eps") ? t.get("layer_norm_eps").getAsDouble() : 1e-5,
                    intField(t, "bos_token_id", 49406),
                    intField(t, "eos_token_id", 49407),
                    intField(t, "pad_token_id", 1),
                    intField(root, "projection_dim", 512));
        } catch (JsonParseException | IllegalStateException | ClassCastException | UnsupportedOperationException e) {
            throw new ClipConfigException("The CLIP config " + configJson + " is not valid JSON with a text_config object.");
        }
    }

    private static int intField(JsonObject o, String name, int fallback) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsInt() : fallback;
    }
}
