package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

/** {@code %scope latents --frobnicate}: a flag that the subcommand does not take. */
public final class UnknownFlagException extends MagicException {

    public UnknownFlagException(String message) {
        super(message);
    }
}
