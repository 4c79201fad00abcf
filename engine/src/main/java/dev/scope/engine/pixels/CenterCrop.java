package dev.scope.engine.pixels;

/**
 * transformers' {@code center_crop}: the window starts at {@code floor((h - crop_h) / 2)},
 * {@code floor((w - crop_w) / 2)}; where the image is smaller than the window, the rest is black
 * (transformers pads with zeros before cropping).
 */
final class CenterCrop {
    private CenterCrop() {
    }

    /** Crops packed 0xRRGGBB pixels (row-major, {@code width} × {@code height}) to {@code size}. */
    static int[] crop(int[] pixels, int width, int height, PixelSize size) {
        int top = Math.floorDiv(height - size.height(), 2);
        int left = Math.floorDiv(width - size.width(), 2);
        int[] out = new int[size.height() * size.width()];
        for (int y = 0; y < size.height(); y++) {
            int sy = y + top;
            if (sy < 0 || sy >= height) {
                continue;
            }
            int x0 = Math.max(0, -left);
            int x1 = Math.min(size.width(), width - left);
            if (x1 > x0) {
                System.arraycopy(pixels, sy * width + left + x0, out, y * size.width() + x0, x1 - x0);
            }
        }
        return out;
    }
}
