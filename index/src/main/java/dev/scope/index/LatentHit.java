package dev.scope.index;

/**
 * One image in a latent's ranking: its id and source, the value it is ranked by (the CLS value or the largest
 * patch value, 0 where the latent is not active) and the patch where the latent peaks (0 … patches−1).
 */
public record LatentHit(int imageId, String source, float value, int peakPatch) {
}
