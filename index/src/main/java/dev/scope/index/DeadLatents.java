package dev.scope.index;

/**
 * The latents of a layer's SAE that are active on no token of any indexed image.
 *
 * @param dead latent ids, increasing
 */
public record DeadLatents(int layer, int nFeatures, long images, int[] dead) {

    public double share() {
        return nFeatures == 0 ? 0 : (double) dead.length / nFeatures;
    }
}
