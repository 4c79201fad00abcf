package dev.scope.bench;

import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.resid.VitL14;

/**
 * What a benchmark run measures: the tower's shape and the layer it stops at, the SAE's shape, the
 * larger batch, and how many warm-up runs and timed repeats each measurement gets.
 */
public record BenchPlan(String label, boolean quick, VisionConfig vision, int layer, int saeFeatures, int k, int batch,
                        Repeats tower, Repeats batchTower, Repeats sae, Repeats cls, Repeats gemm,
                        Repeats profile) {

    /** Warm-up runs, then timed repeats whose median is reported. */
    public record Repeats(int warmups, int repeats) {
    }

    /** The CLIP ViT-L scope: ViT-L/14 to block 22 of 24, a 65,536-latent k=32 SAE on width 1024, batches 1 and 8. */
    public static BenchPlan fullSize() {
        return new BenchPlan("full size: ViT-L/14 (24 blocks, width 1024, MLP 4096, 257 tokens), SAE 1024 → 65,536, k 32",
                false,
                VitL14.CONFIG, 22, 65_536, 32, 8,
                new Repeats(1, 5), new Repeats(1, 5), new Repeats(2, 7), new Repeats(5, 21), new Repeats(3, 41),
                new Repeats(2, 9));
    }

    /**
     * Small shapes for a check that the benchmark runs (seconds, not minutes): a 4-block tower of width
     * 128 with 257 tokens, stopping at block 2, and a 2,048-latent SAE. Its numbers say nothing about ViT-L.
     */
    public static BenchPlan quickCheck() {
        VisionConfig small = new VisionConfig(128, 512, 4, 4, 224, 14, VisionConfig.Activation.GELU, 1e-5, 64);
        return new BenchPlan("QUICK (small shapes, not ViT-L): 4 blocks, width 128, MLP 512, 257 tokens; SAE 128 → 2,048, k 32",
                true,
                small, 2, 2_048, 32, 2,
                new Repeats(1, 3), new Repeats(1, 3), new Repeats(1, 3), new Repeats(1, 3), new Repeats(1, 3),
                new Repeats(1, 3));
    }

    /** The same tower shape with only {@code blocks} blocks. */
    public static VisionConfig withBlocks(VisionConfig v, int blocks) {
        return new VisionConfig(v.hiddenSize(), v.intermediateSize(), blocks, v.numAttentionHeads(), v.imageSize(),
                v.patchSize(), v.hiddenAct(), v.layerNormEps(), v.projectionDim());
    }

    /** Warm-up runs and timed repeats of {@code ./scope bench --device}: the GPU peer's 3 and 10 (1 and 3 when quick). */
    public Repeats deviceRepeats() {
        return quick ? new Repeats(1, 3) : new Repeats(3, 10);
    }

    /** Blocks the tower runs to reach {@link #layer}. */
    public int blocksToLayer() {
        return layer + 1;
    }

    public int dIn() {
        return vision.hiddenSize();
    }

    public int tokens() {
        return vision.tokens();
    }
}
