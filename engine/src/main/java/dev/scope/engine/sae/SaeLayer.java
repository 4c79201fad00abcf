package dev.scope.engine.sae;

import java.io.IOException;
import java.nio.file.Path;

/** The checkpoint chosen for one residual-stream layer: {@code <folder>/<layer>_resid/<tokenCount>.pt}. */
public record SaeLayer(int layer, Path checkpoint, long tokenCount) {

    public SaeCheckpoint read() throws IOException {
        return SaeCheckpoint.read(checkpoint);
    }
}
