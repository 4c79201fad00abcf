package dev.scope.kernel.session;

import java.util.List;

/** A Jupyter {@code error} output: exception name, message and the lines to show. */
public record CellError(String name, String message, List<String> traceback) {

    public CellError {
        traceback = List.copyOf(traceback);
    }

    /** An error whose message says it all, shown as a single line. */
    public static CellError oneLine(String name, String message) {
        return new CellError(name, message, List.of(message));
    }
}
