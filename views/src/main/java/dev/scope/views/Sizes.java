package dev.scope.views;

/** Checks of the sizes callers pass to builders. */
final class Sizes {

    private Sizes() {}

    static int check(String what, int pixels) {
        if (pixels < 50 || pixels > 8000) {
            throw new IllegalArgumentException("A " + what + " of " + pixels
                    + " pixels is out of range; pass a " + what + " from 50 to 8000.");
        }
        return pixels;
    }

    /** A pixel density from 1 to 8. */
    static int scale(int scale) {
        if (scale < 1 || scale > 8) {
            throw new IllegalArgumentException("Scale " + scale + " is out of range; use a pixel density from 1 to 8.");
        }
        return scale;
    }
}
