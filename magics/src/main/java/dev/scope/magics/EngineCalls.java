package dev.scope.magics;

import dev.scope.engine.limits.Limit;
import dev.scope.kernel.ext.MagicException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

/**
 * Runs an engine call and turns the errors a user can cause (bad paths, missing weights, layers beyond the
 * model, bad sources, files over a {@link Limit}) into one-line {@link MagicException}s. The engine's messages
 * already name the input and the fix; a stack overflow or an exhausted heap that a hostile or huge input
 * still causes is a line too; anything else is a bug and keeps its stack trace.
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
        } catch (Limit.Exceeded e) { // the readers name their file; this is the net under one that did not
            throw new MagicException("An input " + oneLine(e.getMessage(), e) + ".", e);
        } catch (StackOverflowError e) { // the nesting limits should prevent it
            throw new MagicException("A file this cell reads nests too deeply to be read (the stack overflowed);"
                    + " check the files and weights it names.", e);
        } catch (OutOfMemoryError e) {
            throw new MagicException("Out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap)"
                    + " reading this cell's inputs; pass smaller or fewer images, or give the kernel more memory"
                    + " with SCOPE_HEAP.", e);
        }
    }

    static String oneLine(String message, Throwable e) {
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + " (no message); this is likely a bug, please report it.";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
