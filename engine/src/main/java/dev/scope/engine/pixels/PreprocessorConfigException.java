package dev.scope.engine.pixels;

import java.io.IOException;

/** A {@code preprocessor_config.json} that cannot be used; the message names the file, the key and the fix. */
public class PreprocessorConfigException extends IOException {
    public PreprocessorConfigException(String message) {
        super(message);
    }

    public PreprocessorConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
