package dev.scope.kernel.session;

/** A magic line that cannot be parsed; the message is the one line the user sees. */
final class MagicSyntaxException extends RuntimeException {

    MagicSyntaxException(String message) {
        super(message);
    }
}
