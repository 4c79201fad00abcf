package dev.scope.engine;

import dev.scope.engine.hub.ProgressListener;

/** Told what a load is doing, for a progress bar: a stage line, and the bytes of each download. */
public interface LoadListener extends ProgressListener {

    LoadListener NONE = new LoadListener() {
    };

    default void onStage(String message, int done, int total) {
    }

    @Override
    default void onProgress(dev.scope.engine.hub.TransferProgress progress) {
    }
}
