package dev.scope.kernel.session;

import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ErrorFormatsTest {

    /** A named usage error of an extension, like scope-magics' UnknownFlagException. */
    public static final class NamedUsageError extends MagicException {
        public NamedUsageError(String message) {
            super(message);
        }
    }

    @Test
    void magicExceptionsAndTheirSubclassesAreKnownByName() {
        assertTrue(ErrorFormats.isMagicException(MagicException.class.getName()));
        assertTrue(ErrorFormats.isMagicException(NamedUsageError.class.getName()));
        assertFalse(ErrorFormats.isMagicException(IllegalStateException.class.getName()));
        assertFalse(ErrorFormats.isMagicException("no.such.ExceptionClass"));
    }
}
