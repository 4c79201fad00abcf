package dev.scope.index;

import java.io.IOException;

/** Something about an index file a user can fix, said in one sentence that names the file and the fix. */
public final class IndexException extends IOException {

    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
