package dev.scope.engine.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

class RgbConversionTest {

    @Test
    void returnsAnRgbImageItself() {
        BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        assertSame(rgb, RgbConversion.toRgb(rgb));
    }

    @Test
    void readsBgrByteOrderAsRgb() {
        BufferedImage bgr = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getRaster().setPixel(0, 0, new int[] {10, 20, 30}); // raster bands are R, G, B
        assertEquals(0x0a141e, RgbConversion.packed(bgr)[0]);
    }

    @Test
    void undoesPremultipliedAlpha() {
        BufferedImage pre = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        pre.setRGB(0, 0, 0x80ff8000); // stored premultiplied as (128, 128, 64, 0)
        int p = RgbConversion.packed(pre)[0];
        assertEquals(0xff, (p >> 16) & 0xff);
        assertEquals(0x80, (p >> 8) & 0xff, 1);
        assertEquals(0x00, p & 0xff);
    }

    @Test
    void usesStoredGrayLevelsAndClipsSixteenBitGray() {
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 50);
        assertEquals(0x323232, RgbConversion.packed(gray)[0]);
        BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setPixels(0, 0, 2, 1, new int[] {50, 5000});
        assertArrayEquals(new int[] {0x323232, 0xffffff}, RgbConversion.packed(gray16));
    }

    @Test
    void mapsPackedFiveSixFiveThroughJava() {
        BufferedImage rgb565 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
        rgb565.setRGB(0, 0, 0xffffff);
        assertEquals(0xffffff, RgbConversion.packed(rgb565)[0]);
    }
}
