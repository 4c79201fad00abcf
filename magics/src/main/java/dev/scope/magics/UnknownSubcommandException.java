package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

/** {@code %scope frobnicate}: a subcommand that does not exist. */
public final class UnknownSubcommandException extends MagicException {

    public UnknownSubcommandException(String message) {
        super(message);
    }
}
