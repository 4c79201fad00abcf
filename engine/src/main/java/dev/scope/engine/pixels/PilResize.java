package dev.scope.engine.pixels;

import dev.scope.engine.image.RgbConversion;

import java.awt.image.BufferedImage;

/**
 * PIL's {@code Image.resize(size, filter)} for 8-bit RGB, reproduced integer for integer (Pillow's
 * {@code ImagingResample} in Resample.c): a separable convolution, horizontal pass first, whose kernel
 * is widened by the shrink factor (antialiasing), with weights normalised to sum 1, stored in 22-bit
 * fixed point and the result rounded and clipped to 0–255 after each pass. {@link Resample#NEAREST}
 * follows PIL's affine nearest-neighbour path instead.
 *
 * <pre>
 * jshell&gt; BufferedImage small = PilResize.resize(photo, 336, 224, Resample.BICUBIC);
 * </pre>
 */
public final class PilResize {
    /** Fixed-point fraction bits PIL uses for 8-bit images (32 - 8 - 2: room for overshoot and sign). */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    /** Pillow resizes images more than this many times taller than wide vertically first. */
    private static final int TALL_RATIO = 100;

    private PilResize() {
    }

    /** Resizes any image (converted to RGB first) to {@code width} × {@code height}. */
    public static BufferedImage resize(BufferedImage image, int width, int height, Resample filter) {
        int[] out = resize(RgbConversion.packed(image), image.getWidth(), image.getHeight(), width, height, filter);
        return RgbConversion.fromPacked(width, height, out);
    }

    /** Resizes packed 0xRRGGBB pixels (row-major); returns a new array of {@code width * height}. */
    static int[] resize(int[] pixels, int inWidth, int inHeight, int width, int height, Resample filter) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Cannot resize to " + width + "x" + height + "; both sides must be at least 1.");
        }
        if (inWidth == width && inHeight == height) {
            return pixels.clone();
        }
        if (filter == Resample.NEAREST) {
            return nearest(pixels, inWidth, inHeight, width, height);
        }
        if (inHeight > (long) inWidth * TALL_RATIO && height < inHeight) {
            int[] narrow = resample(pixels, inWidth, inHeight, inWidth, height, filter);
            return resample(narrow, inWidth, height, width, height, filter);
        }
        return resample(pixels, inWidth, inHeight, width, height, filter);
    }

    /** ImagingResampleInner: horizontal pass over only the rows the vertical pass reads, then vertical. */
    private static int[] resample(int[] in, int inWidth, int inHeight, int width, int height, Resample filter) {
        Kernel vertical = Kernel.of(inHeight, height, filter);
        int[] pixels = in;
        int rowOffset = 0;
        int stride = inWidth;
        if (width != inWidth) {
            Kernel horizontal = Kernel.of(inWidth, width, filter);
            int firstRow = vertical.first[0];
            int endRow = vertical.first[height - 1] + vertical.count[height - 1];
            pixels = horizontal(in, inWidth, firstRow, endRow - firstRow, horizontal);
            rowOffset = firstRow;
            stride = width;
        }
        if (height != inHeight) {
            pixels = vertical(pixels, stride, rowOffset, vertical);
        }
        return pixels;
    }

    private static int[] horizontal(int[] in, int inWidth, int firstRow, int rows, Kernel k) {
        int width = k.first.length;
        int[] out = new int[width * rows];
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + firstRow) * inWidth;
            for (int xx = 0; xx < width; xx++) {
                int from = rowStart + k.first[xx];
                int taps = k.count[xx];
                int w0 = xx * k.size;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int t = 0; t < taps; t++) {
                    int p = in[from + t];
                    int w = k.weights[w0 + t];
                    r += ((p >> 16) & 0xff) * w;
                    g += ((p >> 8) & 0xff) * w;
                    b += (p & 0xff) * w;
                }
                out[y * width + xx] = pack(r, g, b);
            }
        }
        return out;
    }

    /** {@code rowOffset}: the source row that {@code in}'s first row is (the horizontal pass skipped rows above). */
    private static int[] vertical(int[] in, int width, int rowOffset, Kernel k) {
        int height = k.first.length;
        int[] out = new int[width * height];
        int[] r = new int[width];
        int[] g = new int[width];
        int[] b = new int[width];
        for (int yy = 0; yy < height; yy++) {
            java.util.Arrays.fill(r, HALF);
            java.util.Arrays.fill(g, HALF);
            java.util.Arrays.fill(b, HALF);
            int first = k.first[yy] - rowOffset;
            int w0 = yy * k.size;
            for (int t = 0; t < k.count[yy]; t++) {
                int w = k.weights[w0 + t];
                int rowStart = (first + t) * width;
                for (int x = 0; x < width; x++) {
                    int p = in[rowStart + x];
                    r[x] += ((p >> 16) & 0xff) * w;
                    g[x] += ((p >> 8) & 0xff) * w;
                    b[x] += (p & 0xff) * w;
                }
            }
            int outStart = yy * width;
            for (int x = 0; x < width; x++) {
                out[outStart + x] = pack(r[x], g[x], b[x]);
            }
        }
        return out;
    }

    private static int pack(int r, int g, int b) {
        return (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
    }

    private static int clip8(int fixed) {
        int v = fixed >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * PIL's nearest neighbour ({@code ImagingScaleAffine}): the source coordinate of each output pixel
     * centre, accumulated step by step in doubles as PIL does, truncated.
     */
    private static int[] nearest(int[] in, int inWidth, int inHeight, int width, int height) {
        double stepX = (double) inWidth / width;
        double stepY = (double) inHeight / height;
        int[] column = new int[width];
        double xo = stepX * 0.5;
        for (int x = 0; x < width; x++) {
            column[x] = (int) xo;
            xo += stepX;
        }
        int[] out = new int[width * height];
        double yo = stepY * 0.5;
        for (int y = 0; y < height; y++) {
            int row = (int) yo;
            yo += stepY;
            if (row >= inHeight) {
                continue; // PIL leaves such a row black
            }
            for (int x = 0; x < width; x++) {
                if (column[x] < inWidth) {
                    out[y * width + x] = in[row * inWidth + column[x]];
                }
            }
        }
        return out;
    }

    /**
     * One axis' taps (Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}): for output
     * index i, {@code count[i]} weights starting at {@code weights[i * size]} apply to source indices
     * {@code first[i]}, {@code first[i] + 1}, ...
     */
    private record Kernel(int size, int[] first, int[] count, int[] weights) {
        static Kernel of(int inSize, int outSize, Resample filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] k = new double[size];
            double invFilterScale = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double sum = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * invFilterScale);
                    k[x] = w;
                    sum += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double w = sum != 0.0 ? k[x] / sum : k[x];
                    weights[xx * size + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                            : (int) (0.5 + w * (1 << PRECISION_BITS));
                }
                first[xx] = xmin;
                count[xx] = xmax;
            }
            return new Kernel(size, first, count, weights);
        }
    }
}
