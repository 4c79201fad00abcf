package dev.scope.kernel.ext;

import java.util.UUID;

/**
 * {@code display(obj)}, {@code updateDisplay(id, obj)} and {@code clearOutput()} for cells and extensions.
 * Outside a kernel session (a command-line run of the engine) they do nothing.
 */
public final class Display {

    private Display() {
    }

    /** Shows {@code value} below the running cell; the handle updates it in place. */
    public static DisplayHandle display(Object value) {
        String id = UUID.randomUUID().toString();
        KernelHost.current().show(id, value);
        return new DisplayHandle(id);
    }

    /** Replaces what an earlier {@link #display(Object)} showed. */
    public static void updateDisplay(DisplayHandle handle, Object value) {
        updateDisplay(handle.id(), value);
    }

    /** Replaces what an earlier {@link #display(Object)} showed. */
    public static void updateDisplay(String id, Object value) {
        KernelHost.current().update(id, value);
    }

    /**
     * Clears the running cell's output. With {@code wait}, the output stays until the next output replaces it,
     * so a display redrawn in a loop does not flicker.
     */
    public static void clearOutput(boolean wait) {
        KernelHost.current().clearOutput(wait);
    }

    /** Clears the running cell's output at once. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Whether displays reach a notebook; false when running without a kernel. */
    public static boolean isAttached() {
        return KernelHost.current().attached();
    }
}
