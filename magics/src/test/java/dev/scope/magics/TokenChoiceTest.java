package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Matrix;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class TokenChoiceTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new TokenChoice.Token(0), TokenChoice.parse("CLS"));
        assertEquals(new TokenChoice.Token(17), TokenChoice.parse("17"));
        assertEquals(new TokenChoice.Patch(3, 7), TokenChoice.parse("3,7"));
        assertEquals(new TokenChoice.Mean(), TokenChoice.parse("mean"));
        assertThrows(MagicException.class, () -> TokenChoice.parse("middle"));
        assertThrows(MagicException.class, () -> TokenChoice.parse("1,2,3"));
    }

    @Test
    void aPatchIsOnePlusRowTimesGridPlusColumn() {
        assertEquals(Optional.of(1 + 3 * 16 + 7), TokenChoice.parse("3,7").tokenIndex(new TokenLayout(16)));
        assertEquals(Optional.of(256), TokenChoice.parse("15,15").tokenIndex(new TokenLayout(16)));
        assertEquals(Optional.of(1 + 1 * 4 + 2), TokenChoice.parse("1,2").tokenIndex(new TokenLayout(4)));
        assertEquals(Optional.empty(), TokenChoice.parse("mean").tokenIndex(new TokenLayout(16)));
    }

    @Test
    void tokensOutsideTheGridAreOneLineErrors() {
        assertEquals("Patch 16,0 is outside the 16×16 grid; rows and columns go from 0 to 15.",
                assertThrows(MagicException.class, () -> TokenChoice.parse("16,0").tokenIndex(new TokenLayout(16))).getMessage());
        assertEquals("Token 257 does not exist; tokens are 0 (CLS) to 256, the patches row by row after CLS.",
                assertThrows(MagicException.class, () -> TokenChoice.parse("257").tokenIndex(new TokenLayout(16))).getMessage());
        assertThrows(MagicException.class, () -> TokenChoice.parse("-1").tokenIndex(new TokenLayout(16)));
    }

    /** A 2×2 grid (5 tokens), k = 2 of 4 latents: the mean is over the 4 patch rows, CLS left out. */
    @Test
    void meanIsTheMeanOfTheDenseLatentOverThePatches() {
        int[] idx = {0, 1, /* patches: */ 0, 2, 0, 3, 2, 3, 0, 1};
        float[] val = {9, 9, /* patches: */ 1, 2, 3, 4, 5, 6, 7, 8};
        SaeOutput sae = new SaeOutput(5, 2, 4, idx, val, Matrix.zeros(5, 3));
        LayerResult layer = new LayerResult(5, Matrix.zeros(5, 3), sae);
        float[] mean = new TokenChoice.Mean().denseLatents(layer, new TokenLayout(2));
        assertArrayEquals(new float[] {(1 + 3 + 7) / 4f, 8 / 4f, (2 + 5) / 4f, (4 + 6) / 4f}, mean, 1e-6f);
        assertArrayEquals(new float[] {9, 9, 0, 0}, TokenChoice.parse("cls").denseLatents(layer, new TokenLayout(2)));
        assertArrayEquals(new float[] {0, 0, 5, 6}, TokenChoice.parse("1,0").denseLatents(layer, new TokenLayout(2)));
        assertEquals("mean over 4 patches", new TokenChoice.Mean().context(5, new TokenLayout(2)).token());
        assertEquals("CLS", TokenChoice.parse("0").context(5, new TokenLayout(2)).token());
        assertEquals("patch 3 (row 1, col 1)", TokenChoice.parse("1,1").context(5, new TokenLayout(2)).token());
    }
}
