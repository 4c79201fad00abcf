package dev.scope.engine.sae;

/** One latent's value on one row (token) of an SAE forward pass. */
public record LatentActivation(int latent, int row, float value) {
}
