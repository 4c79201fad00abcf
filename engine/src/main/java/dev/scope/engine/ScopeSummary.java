package dev.scope.engine;

import dev.scope.engine.resid.VisionConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * What a scope holds, in plain values: per layer its SAE's shape, checkpoint and memory, and CLIP's loaded
 * blocks and memory. Memory is the weights at the storage type (an SAE's enc and dec, pre_b as float32),
 * not the JVM's.
 *
 * <pre>
 * jshell&gt; scope.summary().layers().get(0).bytes()     // 268,439,552 for a float32 65,536 × 1024 SAE
 * </pre>
 *
 * @param device     {@code cpu}, or {@code gpu 0}
 * @param clipBlocks blocks of the vision tower loaded, of {@code clipDepth}
 */
public record ScopeSummary(String description, boolean demo, String device, int clipBlocks, int clipDepth,
                           int width, int tokens, long clipBytes, List<Layer> layers) {

    public ScopeSummary {
        layers = List.copyOf(layers);
    }

    /** One layer: {@code loaded} false means its SAE loads on first use (shape and memory then unknown, 0). */
    public record Layer(int layer, int dIn, boolean loaded, int nFeatures, int k, String checkpoint, long bytes) {

        static Layer notLoaded(int layer, int dIn) {
            return new Layer(layer, dIn, false, 0, 0, "", 0);
        }
    }

    /** CLIP's vision tower up to {@code blocks}: embeddings, attention, MLP and norms. */
    static long clipBytes(VisionConfig clip, int blocks, WeightType dtype) {
        long d = clip.hiddenSize();
        long embeddings = 3L * clip.patchSize() * clip.patchSize() * d + (long) clip.tokens() * d + d + 2 * d;
        long block = 4 * d * d + 4 * d + 2 * d * clip.intermediateSize() + clip.intermediateSize() + d + 4 * d;
        return (embeddings + blocks * block) * dtype.bytes();
    }

    /** An SAE's enc and dec at the storage type, and pre_b as float32. */
    static long saeBytes(int dIn, int nFeatures, WeightType dtype) {
        return 2L * dIn * nFeatures * dtype.bytes() + 4L * dIn;
    }

    /** {@code 5_resid/1000.pt}: the checkpoint's folder and name. */
    static String checkpointName(Path file) {
        Path parent = file.getParent();
        return parent == null || parent.getFileName() == null ? file.getFileName().toString()
                : parent.getFileName() + "/" + file.getFileName();
    }
}
