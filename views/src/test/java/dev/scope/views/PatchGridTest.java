package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scope.engine.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PatchGridTest {

    private static float[] ramp(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.5f - 3;
        }
        return values;
    }

    @Test
    void fromTokensDropsClsAndKeepsRowMajorPatches() {
        float[] tokens = ramp(257);
        PatchGrid grid = PatchGrid.fromTokens(tokens);
        assertEquals(16, grid.size());
        assertArrayEquals(Arrays.copyOfRange(tokens, 1, 257), grid.values());
        assertEquals(tokens[1 + 2 * 16 + 5], grid.get(2, 5)); // row 2, col 5
    }

    @Test
    void theSizeComesFromTheData() {
        assertEquals(7, PatchGrid.of(ramp(49)).size());
        assertEquals(24, PatchGrid.fromTokens(ramp(577)).size()); // ViT-L/14 at 336 px
    }

    @Test
    void fromTokenColumnReadsOneLatentOfATokensByLatentsMatrix() {
        int tokens = 1 + 3 * 3;
        float[] data = new float[tokens * 2];
        for (int t = 0; t < tokens; t++) {
            data[t * 2] = t;          // column 0
            data[t * 2 + 1] = -t;     // column 1
        }
        PatchGrid grid = PatchGrid.fromTokenColumn(new Matrix(tokens, 2, data), 1);
        assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9}, grid.values());
        assertThrows(IllegalArgumentException.class, () -> PatchGrid.fromTokenColumn(new Matrix(tokens, 2, data), 2));
    }

    @Test
    void wrongCountsAreClearErrors() {
        var notSquare = assertThrows(IllegalArgumentException.class, () -> PatchGrid.of(ramp(257)));
        assertEquals("257 patch values do not form a square grid; pass the patch tokens only (e.g. 256 for 16×16), "
                + "or use PatchGrid.fromTokens with the CLS token first.", notSquare.getMessage());
        var noCls = assertThrows(IllegalArgumentException.class, () -> PatchGrid.fromTokens(ramp(256)));
        assertEquals("256 tokens are not CLS plus a square grid of patches; pass CLS first and then the "
                + "patches row by row (e.g. 257 = 1 + 16×16).", noCls.getMessage());
    }

    @Test
    void extremesAndBilinear() {
        PatchGrid grid = PatchGrid.of(new float[] {0, 2, 4, -6});
        assertEquals(4f, grid.max());
        assertEquals(-6f, grid.min());
        assertEquals(2, grid.argmax());
        assertEquals(3, grid.argmin());
        assertEquals(0.0, grid.bilinear(0, 0), 1e-12);          // a patch centre is the patch value
        assertEquals(-6.0, grid.bilinear(1, 1), 1e-12);
        assertEquals(1.0, grid.bilinear(0, 0.5), 1e-12);        // halfway along the top row
        assertEquals(0.0, grid.bilinear(0.5, 0.5), 1e-12);      // centre: (0 + 2 + 4 − 6) / 4
        assertEquals(0.0, grid.bilinear(-3, -3), 1e-12);        // clamped at the border
    }
}
