package dev.scope.engine;

import dev.scope.engine.hub.ProgressListener;
import dev.scope.engine.hub.TransferProgress;

import java.nio.file.Path;

/**
 * Told what {@link Scope#load(ScopeSpec, LoadListener)} is doing, for a progress bar: each stage, each
 * file once it is local (with its size), the bytes of each download as they arrive, and the moment every
 * file is found and every config read, before any weight is loaded. Calls come on the loading thread;
 * a listener that throws (e.g. a {@code CancellationException}) stops the load.
 *
 * <pre>
 * jshell&gt; Scope.load(ScopeSpec.fromEnvironment(), new LoadListener() {
 *    ...&gt;     public void onStage(String message, int done, int total) { System.out.println(done + "/" + total + " " + message); }
 *    ...&gt; });
 * </pre>
 */
public interface LoadListener extends ProgressListener {

    LoadListener NONE = new LoadListener() {
    };

    /** Stage {@code done} of {@code total} begins (the last call has {@code done == total}). */
    default void onStage(String message, int done, int total) {
    }

    /** A file the load needs is local now: {@code name} as the source calls it, {@code bytes} its size. */
    default void onFile(String name, Path file, long bytes) {
    }

    /**
     * Every file is local and every config read; the weights load next. A caller holding another scope
     * can free it here, having seen the new one's sources, layers and configs check out.
     */
    default void onResolved() {
    }

    @Override
    default void onProgress(TransferProgress progress) {
    }
}
