package dev.scope.engine;

import ai.djl.ndarray.NDArray;

/**
 * Row-major copies. DJL's {@code duplicate()} is torch's {@code clone()}, which keeps the strides of
 * what it copies: a duplicated transpose is still laid out column by column, so reading one of its
 * rows touches a page per element (gathering 257 × 32 rows of a 65,536 × 1024 matrix took 120-195 ms
 * that way, 4 ms row-major).
 */
public final class RowMajor {
    private RowMajor() {
    }

    /** A copy of {@code a} in row-major order, owned by {@code a}'s manager. */
    public static NDArray copyOf(NDArray a) {
        // flattening a non-contiguous array has to copy it, in row-major order; the reshape is then a view
        return a.flatten().reshape(a.getShape());
    }
}
