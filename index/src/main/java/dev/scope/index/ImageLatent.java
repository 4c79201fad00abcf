package dev.scope.index;

/**
 * One latent of one image at one layer, as the index keeps it: the CLS value, the largest patch value and the
 * patch where it peaks, and on how many patches it is active.
 */
public record ImageLatent(int layer, int latent, float cls, float patchMax, int peakPatch, int activePatches) {

    /** The larger of its CLS value and its largest patch value: what "strongest" sorts by. */
    public float strength() {
        return Math.max(cls, patchMax);
    }
}
