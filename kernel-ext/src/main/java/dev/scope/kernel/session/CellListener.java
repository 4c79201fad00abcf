package dev.scope.kernel.session;

import dev.scope.kernel.ext.MimeBundle;

/** Receives what a running cell produces, as it is produced. */
public interface CellListener {

    void stdout(String text);

    void stderr(String text);

    /** A {@code display(...)} call, or with {@code update} set, an {@code updateDisplay(...)}. */
    void display(String displayId, MimeBundle bundle, boolean update);
}
