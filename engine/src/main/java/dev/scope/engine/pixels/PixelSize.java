package dev.scope.engine.pixels;

/** A height × width in pixels, in the order Hugging Face configs write it. */
public record PixelSize(int height, int width) {
    public PixelSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("A size of " + height + "x" + width + " pixels is empty; both sides must be at least 1.");
        }
    }

    public static PixelSize square(int side) {
        return new PixelSize(side, side);
    }
}
