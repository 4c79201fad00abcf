package dev.scope.kernel.session;

/** Ends a cell because it was interrupted or its agent JVM went away. */
final class CellAborted extends RuntimeException {

    CellAborted() {
        super(null, null, false, false);
    }
}
