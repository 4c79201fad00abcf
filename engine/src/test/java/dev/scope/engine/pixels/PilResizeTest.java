package dev.scope.engine.pixels;

import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.image.RgbConversion;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PilResizeTest {

    static Path references() throws URISyntaxException {
        return Path.of(PilResizeTest.class.getResource("/pil-resize/source.png").toURI()).getParent();
    }

    /** Every filter, shrinking, enlarging, one axis only and mixed, against PIL's own output (see make_references.py). */
    @Test
    void equalsPilForEveryFilterAndSize() throws IOException, URISyntaxException {
        Path dir = references();
        BufferedImage source = ImageDecoder.read(dir.resolve("source.png"));
        List<Path> expected;
        try (Stream<Path> files = Files.list(dir)) {
            expected = files.filter(p -> p.getFileName().toString().matches("[a-z]+-\\d+x\\d+\\.png")).sorted().toList();
        }
        assertEquals(6 * 6, expected.size());
        for (Path file : expected) {
            String name = file.getFileName().toString();
            Resample filter = Resample.valueOf(name.substring(0, name.indexOf('-')).toUpperCase(Locale.ROOT));
            BufferedImage pil = ImageDecoder.read(file);
            BufferedImage ours = PilResize.resize(source, pil.getWidth(), pil.getHeight(), filter);
            assertArrayEquals(RgbConversion.packed(pil), RgbConversion.packed(ours), name);
        }
    }

    @Test
    void keepsAFlatColourFlatAtAnySize() {
        int colour = 0x7f30e0;
        int[] flat = new int[31 * 17];
        java.util.Arrays.fill(flat, colour);
        for (Resample filter : Resample.values()) {
            for (int[] size : new int[][] {{7, 5}, {64, 40}, {31, 3}, {2, 17}}) {
                int[] out = PilResize.resize(flat, 31, 17, size[0], size[1], filter);
                for (int p : out) {
                    assertEquals(colour, p, filter + " to " + size[0] + "x" + size[1]);
                }
            }
        }
    }

    /** Box at exactly half size averages 2x2 blocks: rows first, each pass rounding half up. */
    @Test
    void boxHalvingAveragesPairsRoundingEachPass() {
        int w = 6;
        int h = 4;
        int[] in = new int[w * h];
        for (int i = 0; i < in.length; i++) {
            int v = (i * 37 + 11) % 256;
            in[i] = v << 16 | (255 - v) << 8 | (v * 3 % 256);
        }
        int[] out = PilResize.resize(in, w, h, w / 2, h / 2, Resample.BOX);
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w / 2; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int a = channel(in[(2 * y) * w + 2 * x], shift);
                    int b = channel(in[(2 * y) * w + 2 * x + 1], shift);
                    int c = channel(in[(2 * y + 1) * w + 2 * x], shift);
                    int d = channel(in[(2 * y + 1) * w + 2 * x + 1], shift);
                    int top = (a + b + 1) / 2;
                    int bottom = (c + d + 1) / 2;
                    assertEquals((top + bottom + 1) / 2, channel(out[y * (w / 2) + x], shift), "at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void nearestPicksThePixelUnderEachOutputCentre() {
        int[] in = new int[10];
        for (int i = 0; i < 10; i++) {
            in[i] = i;
        }
        // 10 -> 4 wide: centres at 1.25, 3.75, 6.25, 8.75
        assertArrayEquals(new int[] {1, 3, 6, 8}, PilResize.resize(in, 10, 1, 4, 1, Resample.NEAREST));
        // 10 -> 20 wide: each pixel twice
        int[] twice = PilResize.resize(in, 10, 1, 20, 1, Resample.NEAREST);
        for (int x = 0; x < 20; x++) {
            assertEquals(x / 2, twice[x]);
        }
    }

    @Test
    void returnsACopyWhenTheSizeDoesNotChange() {
        int[] in = {1, 2, 3, 4};
        int[] out = PilResize.resize(in, 2, 2, 2, 2, Resample.BICUBIC);
        assertArrayEquals(in, out);
        assertNotSame(in, out);
    }

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xff;
    }
}
