package dev.scope.engine.resid;

import java.io.IOException;

/** A CLIP model folder or config that scope cannot use; the message names the file and the fix. */
public class ClipConfigException extends IOException {
    public ClipConfigException(String message) {
        super(message);
    }
}
