package dev.scope.kernel.session;

/** Ends a cell with an error output. */
final class CellFailure extends RuntimeException {

    private final CellError error;

    CellFailure(CellError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    CellError error() {
        return error;
    }
}
