package dev.scope.magics;

import dev.scope.engine.LoadListener;
import dev.scope.engine.hub.TransferProgress;
import dev.scope.kernel.ext.Progress;

/**
 * The engine's {@link LoadListener} as progress bars: one bar over the load's stages, and one per file while
 * it downloads (in bytes). Each update is also a cancellation checkpoint.
 */
final class LoadProgress implements LoadListener, AutoCloseable {

    /** Stages {@code Scope.load} reports before it returns. */
    static final int ENGINE_STAGES = 4;

    private final Progress stages;
    private Progress download;
    private String downloading;

    LoadProgress(String label, int extraStages) {
        this.stages = Progress.start(label, ENGINE_STAGES + extraStages);
    }

    @Override
    public synchronized void onStage(String message, int done, int total) {
        stages.update(done);
    }

    /** One of the stages after the engine's own (loading each SAE). */
    synchronized void extraStage(int index) {
        stages.update(ENGINE_STAGES + index);
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
        stages.close();
    }
}
