package dev.scope.views;

import dev.scope.engine.Matrix;
import dev.scope.engine.resid.TokenLayout;
import java.util.Arrays;

/**
 * One value per patch token, {@code size}×{@code size}, row-major (row 0 is the top of the image), as
 * {@link TokenLayout} lays the patches out. For the CLIP ViT-L/14 scope: 16×16 patches over a 224 crop; the
 * size always comes from the data.
 */
public record PatchGrid(int size, float[] values) {

    public PatchGrid {
        if (size < 1 || values == null || values.length != size * size) {
            throw new IllegalArgumentException("A " + size + "×" + size + " patch grid needs " + size * size
                    + " values, not " + (values == null ? "none" : values.length) + "; pass one value per patch.");
        }
        values = values.clone();
    }

    /** A grid from the values of the patch tokens alone (a perfect square count, row-major). */
    public static PatchGrid of(float[] patchValues) {
        int size = (int) Math.round(Math.sqrt(patchValues.length));
        if (size * size != patchValues.length || size == 0) {
            throw new IllegalArgumentException(patchValues.length + " patch values do not form a square grid; pass "
                    + "the patch tokens only (e.g. 256 for 16×16), or use PatchGrid.fromTokens with the CLS token first.");
        }
        return new PatchGrid(size, patchValues);
    }

    /** A grid from all tokens of an image in {@link TokenLayout} order (e.g. 257 = CLS + 16×16): CLS is dropped. */
    public static PatchGrid fromTokens(float[] tokenValues) {
        TokenLayout layout = TokenLayout.ofTokens(tokenValues.length);
        return new PatchGrid(layout.gridSize(), layout.patchValues(tokenValues));
    }

    /**
     * The grid of one latent from a tokens × latents matrix (one row per token, CLS first; e.g. 257 rows of SAE
     * output): column {@code latentColumn}, CLS row dropped.
     */
    public static PatchGrid fromTokenColumn(Matrix tokensByLatents, int latentColumn) {
        if (latentColumn < 0 || latentColumn >= tokensByLatents.cols()) {
            throw new IllegalArgumentException("Column " + latentColumn + " is outside a matrix with "
                    + tokensByLatents.cols() + " columns; pass a column from 0 to " + (tokensByLatents.cols() - 1) + ".");
        }
        float[] column = new float[tokensByLatents.rows()];
        for (int row = 0; row < column.length; row++) {
            column[row] = tokensByLatents.get(row, latentColumn);
        }
        return fromTokens(column);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    public float get(int row, int col) {
        return values[row * size + col];
    }

    public float min() {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    public float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The row-major index of the largest value (the first one on ties). */
    public int argmax() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The row-major index of the smallest value (the first one on ties). */
    public int argmin() {
        int worst = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[worst]) {
                worst = i;
            }
        }
        return worst;
    }

    /**
     * The value at a continuous position, in patch units with patch centres at integers: {@code (0, 0)} is the
     * centre of the top-left patch. Bilinear between centres, clamped at the borders.
     */
    public double bilinear(double row, double col) {
        double r = Math.max(0, Math.min(size - 1, row));
        double c = Math.max(0, Math.min(size - 1, col));
        int r0 = Math.min((int) r, size - 1);
        int c0 = Math.min((int) c, size - 1);
        int r1 = Math.min(r0 + 1, size - 1);
        int c1 = Math.min(c0 + 1, size - 1);
        double fr = r - r0;
        double fc = c - c0;
        double top = get(r0, c0) * (1 - fc) + get(r0, c1) * fc;
        double bottom = get(r1, c0) * (1 - fc) + get(r1, c1) * fc;
        return top * (1 - fr) + bottom * fr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchGrid other && size == other.size && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PatchGrid(" + size + "×" + size + ")";
    }
}
