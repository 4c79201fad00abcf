package dev.scope.bench;

import com.google.gson.JsonObject;
import dev.scope.engine.io.DType;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.io.Tensor;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.VisionConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Full-size float32 checkpoints with random values, written to disk so that memory can be measured on
 * the real load path (memory-mapped file → native arrays). Tensors of equal size share one buffer of
 * values while writing, so writing a 1.2 GB file needs only its largest tensor in memory.
 */
final class RandomCheckpoints {
    private final Map<Long, ByteBuffer> values = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(7);

    /** A safetensors SAE as clipscope's state dict holds it: {@code pre_b [d_in]}, {@code enc [d_in, F]}, {@code dec [F, d_in]}. */
    void writeSae(Path file, int dIn, int features) throws IOException {
        new SafetensorsWriter()
                .add(tensor("pre_b", dIn))
                .add(tensor("enc", dIn, features))
                .add(tensor("dec", features, dIn))
                .write(file);
    }

    /** A Hugging Face CLIP folder holding only the vision tower: {@code config.json} and {@code model.safetensors}. */
    void writeClip(Path folder, VisionConfig c) throws IOException {
        Files.createDirectories(folder);
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
        Files.writeString(folder.resolve(ClipVision.CONFIG_FILE), config.toString());

        int d = c.hiddenSize();
        int m = c.intermediateSize();
        String v = "vision_model.";
        SafetensorsWriter w = new SafetensorsWriter()
                .add(tensor(v + "embeddings.class_embedding", d))
                .add(tensor(v + "embeddings.patch_embedding.weight", d, 3, c.patchSize(), c.patchSize()))
                .add(tensor(v + "embeddings.position_embedding.weight", c.tokens(), d))
                .add(tensor(v + "pre_layrnorm.weight", d))
                .add(tensor(v + "pre_layrnorm.bias", d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String b = v + "encoder.layers." + i + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                w.add(tensor(b + "self_attn." + proj + ".weight", d, d));
                w.add(tensor(b + "self_attn." + proj + ".bias", d));
            }
            w.add(tensor(b + "layer_norm1.weight", d)).add(tensor(b + "layer_norm1.bias", d))
                    .add(tensor(b + "layer_norm2.weight", d)).add(tensor(b + "layer_norm2.bias", d))
                    .add(tensor(b + "mlp.fc1.weight", m, d)).add(tensor(b + "mlp.fc1.bias", m))
                    .add(tensor(b + "mlp.fc2.weight", d, m)).add(tensor(b + "mlp.fc2.bias", d));
        }
        w.add(tensor(v + "post_layernorm.weight", d)).add(tensor(v + "post_layernorm.bias", d));
        if (c.projectionDim() > 0) {
            w.add(tensor("visual_projection.weight", c.projectionDim(), d));
        }
        w.write(folder.resolve(ClipVision.WEIGHTS_FILE));
    }

    private Tensor tensor(String name, long... shape) {
        long n = Tensor.numel(shape);
        ByteBuffer data = values.computeIfAbsent(n, this::randomFloats);
        return new Tensor(name, DType.F32, shape, data.duplicate());
    }

    /** Small uniform values (standard deviation about 0.02, as CLIP is initialised), so a pass on them stays finite. */
    private ByteBuffer randomFloats(long count) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) {
            b.putFloat((float) (random.nextDouble() - 0.5) * 0.07f);
        }
        return b.flip();
    }
}
