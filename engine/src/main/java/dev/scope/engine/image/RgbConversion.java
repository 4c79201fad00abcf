package dev.scope.engine.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Turns any {@link BufferedImage} into 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}) the way PIL's
 * {@code Image.convert("RGB")} treats the image PIL would have loaded from the same file.
 *
 * <p>The stored samples are used as they are: no colour management, no gamma (Java's
 * {@code getRGB} would brighten linear-gray images), and alpha is dropped without compositing.
 * Grey is copied to all three channels, palette indices are looked up, 1/2/4-bit grey is stretched
 * to 0–255 ({@code v * 255 / (2^bits - 1)}), 16-bit colour or grey-with-alpha keeps its high byte,
 * and 16-bit grey without alpha is clipped at 255, as PIL does for its {@code I;16} mode.
 *
 * <pre>
 * jshell&gt; var gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
 * jshell&gt; RgbConversion.toRgb(gray).getType() == BufferedImage.TYPE_INT_RGB
 * $2 ==&gt; true
 * </pre>
 */
public final class RgbConversion {
    private RgbConversion() {
    }

    /** Returns {@code image} itself when it already is TYPE_INT_RGB, else a converted copy. */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        boolean sixteenBitGray = image.getType() == BufferedImage.TYPE_USHORT_GRAY;
        return toRgb(image, sixteenBitGray);
    }

    /**
     * @param clipSixteenBitGray whether 16-bit grey is clipped at 255 (PIL's {@code I;16} to RGB)
     *     rather than reduced to its high byte; PIL clips exactly for 16-bit greyscale PNGs.
     */
    static BufferedImage toRgb(BufferedImage image, boolean clipSixteenBitGray) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm.isAlphaPremultiplied()) {
            WritableRaster straight = image.copyData(null);
            cm.coerceData(straight, false);
            raster = straight;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int bands = raster.getNumBands();
        int[] out = new int[w * h];
        int[] row = new int[w * bands];

        if (cm instanceof IndexColorModel palette) {
            for (int y = 0; y < h; y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int i = row[x * bands];
                    out[y * w + x] = pack(palette.getRed(i), palette.getGreen(i), palette.getBlue(i));
                }
            }
            return fromPacked(w, h, out);
        }

        int bits = raster.getSampleModel().getSampleSize(0);
        int csType = cm.getColorSpace().getType();
        boolean gray = csType == ColorSpace.TYPE_GRAY && bands <= 2;
        boolean rgb = csType == ColorSpace.TYPE_RGB && bands >= 3;
        boolean cmyk = csType == ColorSpace.TYPE_CMYK && bands == 4;
        if (!(gray || rgb || cmyk) || !sameSampleSize(raster, bits) || !(bits <= 8 || bits == 16)) {
            // Rare layouts (5-6-5 packing, YCbCr colour models...): let Java map them to sRGB.
            return colourManaged(image);
        }
        SampleScale scale = SampleScale.of(bits, gray && clipSixteenBitGray);
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                int p;
                if (gray) {
                    int v = scale.to8(row[i]);
                    p = pack(v, v, v);
                } else if (rgb) {
                    p = pack(scale.to8(row[i]), scale.to8(row[i + 1]), scale.to8(row[i + 2]));
                } else {
                    p = Cmyk.toRgb(scale.to8(row[i]), scale.to8(row[i + 1]), scale.to8(row[i + 2]),
                            scale.to8(row[i + 3]));
                }
                out[y * w + x] = p;
            }
        }
        return fromPacked(w, h, out);
    }

    /** How a stored sample of some bit depth becomes 0–255. */
    private record SampleScale(int bits, boolean clip) {
        static SampleScale of(int bits, boolean clipSixteen) {
            return new SampleScale(bits, clipSixteen && bits == 16);
        }

        int to8(int v) {
            if (bits == 8) {
                return v;
            }
            if (bits == 16) {
                return clip ? Math.min(v, 255) : v >>> 8;
            }
            return v * 255 / ((1 << bits) - 1);
        }
    }

    private static boolean sameSampleSize(Raster raster, int bits) {
        for (int b = 1; b < raster.getNumBands(); b++) {
            if (raster.getSampleModel().getSampleSize(b) != bits) {
                return false;
            }
        }
        return true;
    }

    private static BufferedImage colourManaged(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return fromPacked(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    static int pack(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** A TYPE_INT_RGB image holding {@code pixels} (0xRRGGBB, row-major); the top byte is ignored. */
    public static BufferedImage fromPacked(int width, int height, int[] pixels) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.getRaster().setDataElements(0, 0, width, height, pixels);
        return out;
    }

    /** The pixels of {@code image}, converted as {@link #toRgb} does, as 0xRRGGBB, row-major, in a new array. */
    public static int[] packed(BufferedImage image) {
        BufferedImage rgb = toRgb(image);
        int[] px = (int[]) rgb.getRaster().getDataElements(0, 0, rgb.getWidth(), rgb.getHeight(), null);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return px;
    }
}
