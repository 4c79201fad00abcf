package dev.scope.bench;

import dev.scope.engine.io.DType;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.io.Tensor;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.resid.VisionFiles;

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
        Files.writeString(folder.resolve(ClipVision.CONFIG_FILE), VisionFiles.configJson(c));
        SafetensorsWriter w = new SafetensorsWriter();
        VisionFiles.tensorShapes(c).forEach((name, shape) -> w.add(tensor(name, shape)));
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
