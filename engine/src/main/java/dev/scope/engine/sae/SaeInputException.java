package dev.scope.engine.sae;

/** Activations that do not fit an SAE (wrong width, no rows, a latent id out of range). */
public class SaeInputException extends IllegalArgumentException {
    public SaeInputException(String message) {
        super(message);
    }
}
