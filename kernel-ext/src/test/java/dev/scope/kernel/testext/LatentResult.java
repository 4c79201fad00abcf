package dev.scope.kernel.testext;

/** Stands in for an engine result: a public type with methods that user code calls. */
public final class LatentResult {

    private final float[] latent;

    public LatentResult(float[] latent) {
        this.latent = latent;
    }

    public float[] latent() {
        return latent;
    }

    public float sum() {
        float sum = 0;
        for (float v : latent) {
            sum += v;
        }
        return sum;
    }
}
