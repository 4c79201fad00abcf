package dev.scope.index;

/** A latent kept on one token of an image at one layer, with its value. */
public record PatchLatent(int layer, int latent, float value) {
}
