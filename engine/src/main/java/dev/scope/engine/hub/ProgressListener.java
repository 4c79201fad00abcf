package dev.scope.engine.hub;

/**
 * Told how a download advances, for a progress bar. Called on the downloading thread, at most about
 * ten times a second and always once when the file is complete; it should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> {
    };

    void onProgress(TransferProgress progress);
}
