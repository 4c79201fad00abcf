package dev.scope.engine.resid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenLayoutTest {

    @Test
    void vitL14HasClsThenSixteenRowsOfSixteenPatches() {
        TokenLayout layout = new VisionConfig(1024, 4096, 24, 16, 224, 14, VisionConfig.Activation.GELU, 1e-5, 768)
                .tokenLayout();
        assertEquals(16, layout.gridSize());
        assertEquals(257, layout.tokens());
        assertEquals(layout, TokenLayout.ofTokens(257));
        assertFalse(layout.isPatch(TokenLayout.CLS));
        assertEquals(1, layout.patchToken(0, 0));
        assertEquals(56, layout.patchToken(3, 7));
        assertEquals(256, layout.patchToken(15, 15));
        assertEquals(3, layout.row(56));
        assertEquals(7, layout.col(56));
        assertEquals("patch 55 (row 3, col 7)", layout.name(56));
        assertEquals("CLS", layout.name(0));
        assertTrue(layout.isPatch(256));
    }

    @Test
    void valuesOverTokensSplitIntoClsAndTheGrid() {
        TokenLayout layout = new TokenLayout(2);
        float[] overTokens = {9, 1, -2, 3, 4};
        assertArrayEquals(new float[] {1, -2, 3, 4}, layout.patchValues(overTokens));
        assertEquals(4, layout.maxOverPatches(overTokens), "CLS (9) is not a patch");
    }

    @Test
    void outOfRangeTokensAndPatchesAreOneSentence() {
        TokenLayout layout = new TokenLayout(16);
        assertEquals("Token 257 does not exist; tokens are 0 (CLS) to 256, the patches row by row after CLS.",
                assertThrows(IllegalArgumentException.class, () -> layout.requireToken(257)).getMessage());
        assertEquals("Patch 16,0 is outside the 16×16 grid; rows and columns go from 0 to 15.",
                assertThrows(IllegalArgumentException.class, () -> layout.patchToken(16, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenLayout.ofTokens(256));
        assertThrows(IllegalArgumentException.class, () -> layout.patchValues(new float[256]));
        assertThrows(IllegalArgumentException.class, () -> layout.row(0));
    }
}
