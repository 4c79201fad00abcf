package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

/**
 * Runs an engine call and turns the errors a user can cause (bad paths, missing weights, layers beyond the
 * model, bad sources) into one-line {@link MagicException}s. The engine's messages already name the input
 * and the fix; anything else is a bug and keeps its stack trace.
 */
final class EngineCalls {

    @FunctionalInterface
    interface EngineCall<T> {
        T call() throws IOException;
    }

    private EngineCalls() {
    }

    static <T> T call(EngineCall<T> call) {
        try {
            return call.call();
        } catch (MagicException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new MagicException(oneLine(e.getMessage(), e), e);
        } catch (UncheckedIOException e) {
            throw new MagicException(oneLine(e.getCause().getMessage(), e), e);
        } catch (CancellationException e) {
            throw new MagicException("Interrupted; the cell stopped before it finished.", e);
        }
    }

    static String oneLine(String message, Throwable e) {
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + " (no message); this is likely a bug, please report it.";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
