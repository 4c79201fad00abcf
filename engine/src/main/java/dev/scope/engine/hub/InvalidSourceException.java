package dev.scope.engine.hub;

/** Text given as a weight source that is neither an existing path nor a Hugging Face repo id. */
public final class InvalidSourceException extends IllegalArgumentException {
    public InvalidSourceException(String message) {
        super(message);
    }
}
