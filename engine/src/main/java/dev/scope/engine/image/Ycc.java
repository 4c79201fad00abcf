package dev.scope.engine.image;

/**
 * JPEG's YCbCr to RGB in libjpeg's 16-bit fixed point (jdcolor.c), so that YCCK pixels come out
 * exactly as PIL's libjpeg gives them.
 */
final class Ycc {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private Ycc() {
    }

    private static int fix(double v) {
        return (int) (v * (1 << SCALE_BITS) + 0.5);
    }

    static int toRgb(int y, int cb, int cr) {
        int r = clip8(y + CR_R[cr]);
        int g = clip8(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
        int b = clip8(y + CB_B[cb]);
        return RgbConversion.pack(r, g, b);
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
