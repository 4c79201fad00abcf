package dev.scope.kernel.session;

import dev.scope.kernel.ext.MimeBundle;

import java.io.IOException;

/** Receives what a running cell produces, as it is produced, and answers its requests for input. */
public interface CellListener {

    void stdout(String text);

    void stderr(String text);

    /** A {@code display(...)} call, or with {@code update} set, an {@code updateDisplay(...)}. */
    void display(String displayId, MimeBundle bundle, boolean update);

    /** {@code clearOutput(wait)}: clear what the cell has shown, at once or when the next output arrives. */
    default void clearOutput(boolean wait) {
    }

    /**
     * A line typed by the user after {@code prompt}, without its line break. Throws {@link StdinNotAllowed} where
     * nobody can type, and {@link java.io.InterruptedIOException} if the cell is interrupted while waiting.
     */
    default String input(String prompt, boolean password) throws IOException {
        throw new StdinNotAllowed();
    }
}
