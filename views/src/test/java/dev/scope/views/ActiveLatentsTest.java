package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActiveLatentsTest {

    @Test
    void sortsByValueLargestFirstWithNegativesLast() {
        var active = new ActiveLatents(new int[] {7, 3, 9, 1}, new float[] {0.5f, 2f, -1f, 0.5f});
        ActiveLatents sorted = active.sortedByValue();
        assertArrayEquals(new int[] {3, 1, 7, 9}, sorted.ids()); // equal values keep id order
        assertArrayEquals(new float[] {2f, 0.5f, 0.5f, -1f}, sorted.values());
        assertEquals(4.0, active.l1Norm(), 1e-9);
        assertEquals(9, active.maxId());
    }

    @Test
    void fromDenseKeepsTheNonZeroEntries() {
        var active = ActiveLatents.fromDense(new float[] {0, 1.5f, 0, -2f, 0});
        assertArrayEquals(new int[] {1, 3}, active.ids());
        assertArrayEquals(new float[] {1.5f, -2f}, active.values());
    }

    @Test
    void copiesItsArrays() {
        int[] ids = {1, 2};
        var active = new ActiveLatents(ids, new float[] {1, 2});
        ids[0] = 99;
        active.ids()[1] = 98;
        assertArrayEquals(new int[] {1, 2}, active.ids());
    }

    @Test
    void rejectsBadInputInOneSentence() {
        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> new ActiveLatents(new int[] {1, 2}, new float[] {1}));
        assertEquals("Got 2 latent ids but 1 values; pass one value per id.", mismatch.getMessage());
        var twice = assertThrows(IllegalArgumentException.class,
                () -> new ActiveLatents(new int[] {4, 4}, new float[] {1, 2}));
        assertTrue(twice.getMessage().startsWith("Latent id 4 appears twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ActiveLatents(new int[] {-1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new ActiveLatents(new int[] {1}, new float[] {Float.NaN}));
    }

    @Test
    void tokenContextNamesPatchesByRowAndColumn() {
        assertEquals("Layer 22 · CLS", TokenContext.cls(22).describe());
        assertEquals("Layer 5 · patch 37 (row 2, col 5)", TokenContext.patch(5, 37, 16).describe());
        assertEquals("patch 8 (row 2, col 2)", TokenContext.patch(5, 8, 3).token());
        var outside = assertThrows(IllegalArgumentException.class, () -> TokenContext.patch(5, 256, 16));
        assertEquals("Patch 256 is outside a 16×16 grid; pass a patch index from 0 to 255.", outside.getMessage());
    }
}
