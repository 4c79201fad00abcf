package dev.scope.engine;

import java.util.Arrays;

/**
 * A row-major float matrix in plain Java memory: the form in which results leave a native scope.
 *
 * <pre>
 * jshell&gt; var m = new Matrix(2, 3, new float[] {1, 2, 3, 4, 5, 6});
 * jshell&gt; m.get(1, 2)   // 6.0
 * </pre>
 */
public record Matrix(int rows, int cols, float[] data) {

    public Matrix {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("A " + rows + "×" + cols + " matrix needs " + (long) rows * cols
                    + " values, not " + data.length + ".");
        }
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new float[rows * cols]);
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }

    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    /** One column, copied. */
    public float[] column(int col) {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = data[r * cols + col];
        }
        return out;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Matrix rows(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    public long[] shape() {
        return new long[] {rows, cols};
    }

    @Override
    public String toString() {
        return "Matrix(" + rows + ", " + cols + ")";
    }
}
