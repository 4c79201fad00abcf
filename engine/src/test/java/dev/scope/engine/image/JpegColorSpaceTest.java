package dev.scope.engine.image;

import org.junit.jupiter.api.Test;

import static dev.scope.engine.image.JpegColorSpace.*;
import static org.junit.jupiter.api.Assertions.*;

/** libjpeg's rules (jdapimin.c default_decompress_parms) for what a JPEG's components are. */
class JpegColorSpaceTest {
    static final int[] ONE_TWO_THREE = {1, 2, 3};
    static final int[] R_G_B = {'R', 'G', 'B'};

    @Test
    void threeComponentsAreYCbCrUnlessMarkedOrNamedRgb() {
        assertEquals(YCBCR, of(true, -1, R_G_B));        // JFIF wins over the ids
        assertEquals(YCBCR, of(true, 0, ONE_TWO_THREE)); // and over Adobe
        assertEquals(RGB, of(false, 0, ONE_TWO_THREE));
        assertEquals(YCBCR, of(false, 1, R_G_B));
        assertEquals(RGB, of(false, -1, R_G_B));
        assertEquals(YCBCR, of(false, -1, ONE_TWO_THREE));
        assertEquals(YCBCR, of(false, -1, new int[] {0, 1, 2}));
    }

    @Test
    void fourComponentsAreYcckOnlyWithANonZeroAdobeTransform() {
        assertEquals(CMYK, of(false, -1, new int[] {1, 2, 3, 4}));
        assertEquals(CMYK, of(false, 0, new int[] {1, 2, 3, 4}));
        assertEquals(YCCK, of(false, 2, new int[] {1, 2, 3, 4}));
        assertEquals(YCCK, of(false, 1, new int[] {1, 2, 3, 4}));
    }

    @Test
    void oneComponentIsGrayAndTwoIsUndecodable() {
        assertEquals(GRAY, of(true, -1, new int[] {1}));
        assertNull(of(false, -1, new int[] {1, 2}));
    }
}
