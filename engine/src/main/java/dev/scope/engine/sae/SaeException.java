package dev.scope.engine.sae;

import java.io.IOException;

/** An SAE checkpoint or folder that cannot be used; the message names it and says what to do. */
public class SaeException extends IOException {
    public SaeException(String message) {
        super(message);
    }
}
