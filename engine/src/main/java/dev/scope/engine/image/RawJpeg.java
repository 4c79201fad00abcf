package dev.scope.engine.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Converts the raw components of a JPEG (ImageIO's {@code readRaster}: decoded and upsampled, no colour
 * conversion) to RGB as libjpeg and PIL do. Doing the conversion here, rather than letting ImageIO do
 * it, keeps out ImageIO's ICC colour management (PIL ignores embedded profiles) and covers the
 * CMYK/YCCK JPEGs that ImageIO on JDK 17 refuses with "Unsupported Image Type".
 *
 * <p>Four-component JPEGs: libjpeg turns YCCK into CMYK, PIL assumes Adobe's inverted ink values
 * ({@code CMYK;I}) for every four-component JPEG, and converts CMYK to RGB with {@link Cmyk}.
 */
final class RawJpeg {
    private RawJpeg() {
    }

    static BufferedImage toRgb(Raster raw, JpegColorSpace space) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        int bands = raw.getNumBands();
        int[] row = new int[w * bands];
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                out[y * w + x] = switch (space) {
                    case GRAY -> RgbConversion.pack(row[i], row[i], row[i]);
                    case RGB -> RgbConversion.pack(row[i], row[i + 1], row[i + 2]);
                    case YCBCR -> Ycc.toRgb(row[i], row[i + 1], row[i + 2]);
                    case CMYK -> Cmyk.toRgb(255 - row[i], 255 - row[i + 1], 255 - row[i + 2], 255 - row[i + 3]);
                    case YCCK -> ycckToRgb(row[i], row[i + 1], row[i + 2], row[i + 3]);
                };
            }
        }
        return RgbConversion.fromPacked(w, h, out);
    }

    /** libjpeg gives CMY = 255 - RGB(YCC) and K as stored; PIL's Adobe inversion then gives RGB(YCC) and 255 - K. */
    private static int ycckToRgb(int y, int cb, int cr, int k) {
        int rgb = Ycc.toRgb(y, cb, cr);
        return Cmyk.toRgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 255 - k);
    }
}
