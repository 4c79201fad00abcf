package dev.scope.kernel.ext;

/**
 * What a running kernel does for extensions and cell code: shows displays and says whether the user asked the
 * running cell to stop. The kernel installs its host when a session starts; without a kernel (a script, a test)
 * {@link #NONE} shows nothing and never cancels, and {@link Display} and {@link Cancellation} fall back to it.
 */
public interface KernelHost {

    KernelHost NONE = new KernelHost() {
        @Override
        public void show(String id, Object value) {
        }

        @Override
        public void update(String id, Object value) {
        }

        @Override
        public boolean attached() {
            return false;
        }

        @Override
        public boolean cancelRequested() {
            return false;
        }
    };

    /** Shows {@code value} below the running cell under display id {@code id}. */
    void show(String id, Object value);

    /** Replaces what display {@code id} shows. */
    void update(String id, Object value);

    /** Whether displays reach a notebook. */
    boolean attached();

    /** Whether the user asked the running cell to stop. */
    boolean cancelRequested();

    /** The host of this JVM: the kernel's once it has started a session here, else {@link #NONE}. */
    static KernelHost current() {
        return InstalledHost.host;
    }

    /** Called by the kernel when a session starts in this JVM. */
    static void install(KernelHost host) {
        InstalledHost.host = host == null ? NONE : host;
    }
}

/** The one mutable slot behind {@link KernelHost#current()}: an interface cannot hold it itself. */
final class InstalledHost {
    static volatile KernelHost host = KernelHost.NONE;

    private InstalledHost() {
    }
}
