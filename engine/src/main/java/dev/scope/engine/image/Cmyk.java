package dev.scope.engine.image;

/** PIL's CMYK to RGB conversion ({@code cmyk2rgb} in Convert.c), on plain, not inverted, ink values. */
final class Cmyk {
    private Cmyk() {
    }

    static int toRgb(int c, int m, int y, int k) {
        int nk = 255 - k;
        return RgbConversion.pack(clip8(nk - mulDiv255(c, nk)), clip8(nk - mulDiv255(m, nk)),
                clip8(nk - mulDiv255(y, nk)));
    }

    /** a·b/255 rounded, with PIL's integer trick. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
