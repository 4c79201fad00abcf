package dev.scope.engine.resid;

import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a CLIP vision tower is read from, as transformers writes it: the vision part of {@code config.json}, and
 * the tensors of {@code model.safetensors} by name and shape. For tools that write full-size random copies (the
 * benchmark, the memory tests) and must stay readable by {@link ClipVision}.
 */
public final class VisionFiles {

    private VisionFiles() {
    }

    /** {@code config.json} with {@code vision_config} and {@code projection_dim}. */
    public static String configJson(VisionConfig c) {
        JsonObject vision = new JsonObject();
        vision.addProperty("hidden_size", c.hiddenSize());
        vision.addProperty("intermediate_size", c.intermediateSize());
        vision.addProperty("num_hidden_layers", c.numHiddenLayers());
        vision.addProperty("num_attention_heads", c.numAttentionHeads());
        vision.addProperty("image_size", c.imageSize());
        vision.addProperty("patch_size", c.patchSize());
        vision.addProperty("hidden_act", c.hiddenAct() == VisionConfig.Activation.GELU ? "gelu" : "quick_gelu");
        vision.addProperty("layer_norm_eps", c.layerNormEps());
        JsonObject config = new JsonObject();
        config.add("vision_config", vision);
        config.addProperty("projection_dim", c.projectionDim());
        return config.toString();
    }

    /** Every tensor the tower reads, in file order: name → shape. */
    public static Map<String, long[]> tensorShapes(VisionConfig c) {
        int d = c.hiddenSize();
        int m = c.intermediateSize();
        String v = VisionWeights.P;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(v + "embeddings.class_embedding", new long[] {d});
        shapes.put(v + "embeddings.patch_embedding.weight", new long[] {d, 3, c.patchSize(), c.patchSize()});
        shapes.put(v + "embeddings.position_embedding.weight", new long[] {c.tokens(), d});
        shapes.put(v + "pre_layrnorm.weight", new long[] {d});
        shapes.put(v + "pre_layrnorm.bias", new long[] {d});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String b = v + "encoder.layers." + i + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                shapes.put(b + "self_attn." + proj + ".weight", new long[] {d, d});
                shapes.put(b + "self_attn." + proj + ".bias", new long[] {d});
            }
            shapes.put(b + "layer_norm1.weight", new long[] {d});
            shapes.put(b + "layer_norm1.bias", new long[] {d});
            shapes.put(b + "layer_norm2.weight", new long[] {d});
            shapes.put(b + "layer_norm2.bias", new long[] {d});
            shapes.put(b + "mlp.fc1.weight", new long[] {m, d});
            shapes.put(b + "mlp.fc1.bias", new long[] {m});
            shapes.put(b + "mlp.fc2.weight", new long[] {d, m});
            shapes.put(b + "mlp.fc2.bias", new long[] {d});
        }
        shapes.put(v + "post_layernorm.weight", new long[] {d});
        shapes.put(v + "post_layernorm.bias", new long[] {d});
        if (c.projectionDim() > 0) {
            shapes.put("visual_projection.weight", new long[] {c.projectionDim(), d});
        }
        return shapes;
    }
}
