package dev.scope.magics;

import dev.scope.engine.LoadListener;
import dev.scope.engine.hub.TransferProgress;
import dev.scope.kernel.ext.Progress;

/**
 * The engine's {@link LoadListener} as progress bars: one bar over the load's stages, and one per file while
 * it downloads (in bytes). Each update is also a cancellation checkpoint. {@code onResolved} runs the given
 * action (freeing the scope loaded before) once every file is found and every config read.
 */
final class LoadProgress implements LoadListener, AutoCloseable {

    private final String label;
    private final Runnable onResolved;
    private Progress stages;
    private Progress download;
    private String downloading;

    LoadProgress(String label, Runnable onResolved) {
        this.label = label;
        this.onResolved = onResolved;
    }

    @Override
    public synchronized void onStage(String message, int done, int total) {
        if (stages == null) {
            stages = Progress.start(label, total);
        }
        stages.update(done);
    }

    @Override
    public void onResolved() {
        onResolved.run();
    }

    @Override
    public synchronized void onProgress(TransferProgress progress) {
        if (!progress.file().equals(downloading)) {
            closeDownload();
            downloading = progress.file();
            download = Progress.start("Downloading " + progress.file(), Math.max(0, progress.totalBytes()));
        }
        download.update(progress.bytesDone());
        if (progress.finished()) {
            closeDownload();
        }
    }

    private void closeDownload() {
        if (download != null) {
            download.close();
            download = null;
            downloading = null;
        }
    }

    @Override
    public synchronized void close() {
        closeDownload();
        if (stages != null) {
            stages.close();
        }
    }
}
