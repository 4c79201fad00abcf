package dev.scope.engine.hub;

import java.io.IOException;

/** A file or listing that could not be had from the Hugging Face hub or its cache; the message says what to do. */
public class HubException extends IOException {
    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
