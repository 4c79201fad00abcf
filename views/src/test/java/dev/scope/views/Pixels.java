package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Test helpers for pictures: decode PNG bytes, count what was drawn. */
final class Pixels {

    private Pixels() {}

    static BufferedImage decode(byte[] png) {
        assertTrue(png.length > 8 && (png[0] & 0xFF) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "not PNG bytes");
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many pixels differ from {@code background} (ignoring alpha). */
    static int differing(BufferedImage image, Color background) {
        int bg = background.getRGB() & 0xFFFFFF;
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != bg) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Decodes {@code png}, checks its size, and checks that at least {@code minShare} of it is drawn on. */
    static BufferedImage assertDrawn(byte[] png, int width, int height, double minShare) {
        BufferedImage image = decode(png);
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
        int drawn = differing(image, Color.WHITE);
        assertTrue(drawn >= minShare * width * height,
                "only " + drawn + " of " + width * height + " pixels differ from the white background");
        return image;
    }

    /** Every channel of {@code actual} within {@code tolerance} of {@code expected}. */
    static void assertClose(int expected, int actual, int tolerance, String message) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int difference = Math.abs(((expected >> shift) & 0xFF) - ((actual >> shift) & 0xFF));
            assertTrue(difference <= tolerance, message + String.format(": expected #%06X, got #%06X", expected, actual));
        }
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }
}
