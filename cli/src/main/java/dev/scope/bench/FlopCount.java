package dev.scope.bench;

import dev.scope.engine.resid.VisionConfig;

/**
 * Floating-point operations (a multiply-add is two) of the matrix products, counted from the shapes;
 * layer norms, softmax, GELU, biases and residual adds are left out (under 1% of a ViT-L block).
 */
public final class FlopCount {
    private FlopCount() {
    }

    /** An (m × k) · (k × n) product. */
    public static double gemm(long m, long k, long n) {
        return 2.0 * m * k * n;
    }

    /** The patch embedding of one image: its patches (3·p·p values each) times the [3·p·p, D] weight. */
    public static double patchEmbed(VisionConfig c) {
        return gemm(c.patches(), 3L * c.patchSize() * c.patchSize(), c.hiddenSize());
    }

    /**
     * One encoder block on one image of T tokens, width D, MLP width M: the q, k, v and out projections
     * and the two MLP layers, 2·T·(4D² + 2·D·M), plus attention's QKᵀ and AV, 2·2·T²·D.
     */
    public static double block(VisionConfig c) {
        long t = c.tokens();
        long d = c.hiddenSize();
        long m = c.intermediateSize();
        return 2.0 * t * (4 * d * d + 2 * d * m) + 2.0 * 2 * t * t * d;
    }

    /** One image through the patch embedding and the first {@code blocks} blocks. */
    public static double tower(VisionConfig c, int blocks) {
        return patchEmbed(c) + blocks * block(c);
    }

    /** The SAE encoder on {@code rows} tokens: (rows × d_in) · (d_in × F); top-k and the sparse decode are extra. */
    public static double saeEncode(long rows, long dIn, long features) {
        return gemm(rows, dIn, features);
    }
}
