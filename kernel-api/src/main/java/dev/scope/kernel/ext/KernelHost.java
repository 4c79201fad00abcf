package dev.scope.kernel.ext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * What a running kernel does for extensions and cell code: shows and clears output, asks for input, opens comms
 * and says whether the user asked the running cell to stop. The kernel installs its host when a session starts;
 * without a kernel (a script, a test) {@link #NONE} shows nothing, reads input from the console, opens detached
 * comms and never cancels, and {@link Display}, {@link Input}, {@link Comms} and {@link Cancellation} fall back
 * to it.
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

    /** Clears the running cell's output; with {@code wait}, when the next output arrives. */
    default void clearOutput(boolean wait) {
    }

    /** A line typed by the user after {@code prompt}; {@code password} hides the typing. */
    default String readLine(String prompt, boolean password) {
        System.out.print(prompt);
        System.out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
            if (line == null) {
                throw new IllegalStateException("No input: standard input is closed.");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rich rendering of {@code value} that a display of it would show. */
    default MimeBundle render(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        return value instanceof Renderable r ? r.toMimeBundle() : MimeBundle.text(String.valueOf(value));
    }

    /** Opens a comm to {@code target} in the front end. */
    default Comm openComm(String target, Map<String, ?> data, Map<String, ?> metadata, List<byte[]> buffers,
                          CommListener listener) {
        return new DetachedComm(target);
    }

    /** Accepts comms that the front end opens to {@code target}. */
    default void registerCommTarget(String target, CommTarget opener) {
    }

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
