package dev.scope.kernel.ext;

/**
 * A usage error of a magic (bad argument, missing file). The kernel shows its message alone, as one
 * line, without a stack trace, so the message should say what was wrong and what to do.
 */
public class MagicException extends RuntimeException {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
