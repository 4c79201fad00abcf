package dev.scope.kernel.ext;

import java.util.concurrent.CancellationException;

/**
 * Cooperative cancellation for long operations (model loading, folder scans): call
 * {@link #checkpoint()} between steps, so that an interrupt ends the work at a clean point. In a
 * notebook it throws once the user interrupts the cell (half a second later the kernel stops the
 * cell outright); elsewhere it honours {@link Thread#interrupt()}.
 */
public final class Cancellation {

    private Cancellation() {
    }

    public static boolean requested() {
        return KernelHost.current().cancelRequested() || Thread.currentThread().isInterrupted();
    }

    public static void checkpoint() {
        if (requested()) {
            throw new CancellationException("Interrupted.");
        }
    }
}
