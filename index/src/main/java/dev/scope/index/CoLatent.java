package dev.scope.index;

/**
 * A latent active on the same images as another one: on how many of that one's images, and that as a share of
 * them. Active means on any token of the image, at the same layer.
 */
public record CoLatent(int latent, long images, double share) {
}
