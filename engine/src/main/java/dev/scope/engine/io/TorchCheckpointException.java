package dev.scope.engine.io;

import java.io.IOException;

/** A torch checkpoint that cannot, or may not, be read; the message names the file and the fault. */
public class TorchCheckpointException extends IOException {
    public TorchCheckpointException(String message) {
        super(message);
    }
}
