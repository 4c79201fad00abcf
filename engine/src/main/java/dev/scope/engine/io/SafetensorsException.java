package dev.scope.engine.io;

import java.io.IOException;

/** A safetensors file that cannot be read as such; the message names the file and the fault. */
public class SafetensorsException extends IOException {
    public SafetensorsException(String message) {
        super(message);
    }
}
