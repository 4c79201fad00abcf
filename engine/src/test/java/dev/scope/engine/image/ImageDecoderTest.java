package dev.scope.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ImageDecoderTest {

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out), "ImageIO could not write " + image);
        return out.toByteArray();
    }

    static int rgbAt(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ImageDecoderTest.class.getResource("/image/" + name).toURI());
    }

    static BufferedImage ofComponents(ColorSpace space, boolean alpha, int dataType, int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    @Test
    void readsEightBitGrayAsEqualChannelsWithoutGamma() throws IOException {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 100, 255});
        BufferedImage rgb = ImageDecoder.read(png(gray));
        assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
        assertEquals(0x000000, rgbAt(rgb, 0, 0));
        assertEquals(0x646464, rgbAt(rgb, 1, 0)); // 100; Java's getRGB on the gray image would say 0xa8a8a8
        assertEquals(0xffffff, rgbAt(rgb, 2, 0));
    }

    @Test
    void dropsAlphaWithoutCompositing() throws IOException {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x00ff0000);     // fully transparent red
        rgba.setRGB(1, 0, 0x80123456);     // half transparent
        BufferedImage rgb = ImageDecoder.read(png(rgba));
        assertEquals(0xff0000, rgbAt(rgb, 0, 0));
        assertEquals(0x123456, rgbAt(rgb, 1, 0));

        BufferedImage grayAlpha = ofComponents(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, DataBuffer.TYPE_BYTE, 1, 1);
        grayAlpha.getRaster().setPixel(0, 0, new int[] {77, 0});
        assertEquals(0x4d4d4d, rgbAt(ImageDecoder.read(png(grayAlpha)), 0, 0));
    }

    @Test
    void looksUpPaletteColoursIgnoringTheirAlpha() throws IOException {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 200, 20};
        byte[] b = {0, 0, 30};
        byte[] a = {(byte) 255, 0, (byte) 128};
        BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b, a));
        pal.getRaster().setPixels(0, 0, 3, 1, new int[] {2, 0, 1});
        BufferedImage rgb = ImageDecoder.read(png(pal));
        assertEquals(0x0a141e, rgbAt(rgb, 0, 0));
        assertEquals(0xff0000, rgbAt(rgb, 1, 0));
        assertEquals(0x00c800, rgbAt(rgb, 2, 0));
    }

    @Test
    void readsOneBitGrayAsBlackAndWhite() throws IOException {
        BufferedImage bits = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
        bits.getRaster().setPixels(0, 0, 2, 1, new int[] {1, 0});
        BufferedImage rgb = ImageDecoder.read(png(bits));
        assertEquals(0xffffff, rgbAt(rgb, 0, 0));
        assertEquals(0x000000, rgbAt(rgb, 1, 0));
    }

    /** PIL loads a 16-bit grey PNG as mode I;16 and its convert("RGB") clips at 255 rather than scaling. */
    @Test
    void clipsSixteenBitGrayAt255AsPilDoes() throws IOException {
        BufferedImage gray16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 200, 256, 0xffff});
        BufferedImage rgb = ImageDecoder.read(png(gray16));
        assertEquals(0x000000, rgbAt(rgb, 0, 0));
        assertEquals(0xc8c8c8, rgbAt(rgb, 1, 0));
        assertEquals(0xffffff, rgbAt(rgb, 2, 0));
        assertEquals(0xffffff, rgbAt(rgb, 3, 0));
    }

    /** PIL unpacks 16-bit RGB, RGBA and grey+alpha PNGs (RGB;16B, RGBA;16B, LA;16B) to their high bytes. */
    @Test
    void keepsTheHighByteOfSixteenBitColourAndGrayAlpha() throws IOException {
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        BufferedImage rgb16 = ofComponents(srgb, false, DataBuffer.TYPE_USHORT, 1, 1);
        rgb16.getRaster().setPixel(0, 0, new int[] {0x12ab, 0xff00, 0x00ff});
        assertEquals(0x12ff00, rgbAt(ImageDecoder.read(png(rgb16)), 0, 0));

        BufferedImage rgba16 = ofComponents(srgb, true, DataBuffer.TYPE_USHORT, 1, 1);
        rgba16.getRaster().setPixel(0, 0, new int[] {0x8001, 0x7fff, 0xfffe, 0});
        assertEquals(0x807fff, rgbAt(ImageDecoder.read(png(rgba16)), 0, 0));

        BufferedImage la16 = ofComponents(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, DataBuffer.TYPE_USHORT, 1, 1);
        la16.getRaster().setPixel(0, 0, new int[] {0x3456, 0xffff});
        assertEquals(0x343434, rgbAt(ImageDecoder.read(png(la16)), 0, 0));
    }

    @Test
    void decodesCmykAndYcckJpegsAsPilDoes() throws IOException, URISyntaxException {
        // patch centres, row-major: see src/test/resources/image/README.md
        int[] known = {0xffffff, 0x00ffff, 0xff00ff, 0xffff00, 0x000000, 0x7f7f7f, 0x0000ff, 0xbf5f00};
        for (String name : new String[] {"ycck", "cmyk-adobe", "cmyk-no-adobe"}) {
            BufferedImage ours = ImageDecoder.read(resource(name + ".jpg"));
            BufferedImage pil = ImageDecoder.read(resource(name + ".pil.png"));
            assertArrayEquals(RgbConversion.packed(pil), RgbConversion.packed(ours), name + " differs from PIL");
            for (int i = 0; i < known.length; i++) {
                int p = rgbAt(ours, (i % 4) * 8 + 4, (i / 4) * 8 + 4);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((p >> shift) & 0xff) - ((known[i] >> shift) & 0xff));
                    assertTrue(d <= 2, name + " patch " + i + ": " + Integer.toHexString(p));
                }
            }
        }
    }

    @Test
    void decodesAnOrdinaryJpegExactlyAsPil() throws IOException, URISyntaxException {
        BufferedImage ours = ImageDecoder.read(resource("photo-420.jpg"));
        BufferedImage pil = ImageDecoder.read(resource("photo-420.pil.png"));
        assertEquals(64, ours.getWidth());
        assertEquals(48, ours.getHeight());
        assertArrayEquals(RgbConversion.packed(pil), RgbConversion.packed(ours));
    }

    @Test
    void ignoresAnEmbeddedIccProfileAsPilDoes() throws IOException, URISyntaxException {
        BufferedImage ours = ImageDecoder.read(resource("icc-profile.jpg"));
        BufferedImage pil = ImageDecoder.read(resource("icc-profile.pil.png"));
        assertArrayEquals(RgbConversion.packed(pil), RgbConversion.packed(ours));
    }

    /** ImageIO's metadata parser rejects a JFIF marker that is not first; PIL (and ImageIO's decoder) read such files. */
    @Test
    void readsAJpegWhoseMarkersImageIoMetadataRejects() throws IOException, URISyntaxException {
        byte[] jpeg = Files.readAllBytes(resource("photo-420.jpg"));
        byte[] comment = {(byte) 0xff, (byte) 0xfe, 0, 4, 'h', 'i'};
        byte[] commentFirst = new byte[jpeg.length + comment.length];
        System.arraycopy(jpeg, 0, commentFirst, 0, 2); // SOI
        System.arraycopy(comment, 0, commentFirst, 2, comment.length);
        System.arraycopy(jpeg, 2, commentFirst, 2 + comment.length, jpeg.length - 2);
        BufferedImage pil = ImageDecoder.read(resource("photo-420.pil.png"));
        assertArrayEquals(RgbConversion.packed(pil), RgbConversion.packed(ImageDecoder.read(commentFirst, "comment-first.jpg")));
    }

    @Test
    void readsFromPathBytesAndStreamAlike(@TempDir Path dir) throws IOException, URISyntaxException {
        byte[] bytes = Files.readAllBytes(resource("photo-420.jpg"));
        Path copy = Files.write(dir.resolve("cat.jpg"), bytes);
        int[] fromPath = RgbConversion.packed(ImageDecoder.read(copy));
        assertArrayEquals(fromPath, RgbConversion.packed(ImageDecoder.read(bytes)));
        assertArrayEquals(fromPath, RgbConversion.packed(ImageDecoder.read(new ByteArrayInputStream(bytes), "cat.jpg")));
    }

    static void assertOneSentence(String message, String... mustContain) {
        for (String s : mustContain) {
            assertTrue(message.contains(s), "'" + message + "' should mention " + s);
        }
        assertTrue(message.endsWith("."), message);
        assertEquals(1, message.split("\\. ").length, "one sentence: " + message);
    }

    @Test
    void namesTheFileThatIsNotAnImage(@TempDir Path dir) throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "shopping: milk, eggs");
        var e = assertThrows(ImageReadException.class, () -> ImageDecoder.read(notes));
        assertOneSentence(e.getMessage(), notes.toString(), "cannot be read as an image", "JPEG or PNG");
    }

    @Test
    void namesTheFileThatIsEmptyMissingOrAFolder(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(empty)).getMessage(),
                "empty.png", "is empty");
        Path missing = dir.resolve("gone.jpg");
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(missing)).getMessage(),
                "gone.jpg", "does not exist");
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(dir)).getMessage(),
                dir.toString(), "is a folder");
    }

    @Test
    void namesTheFileThatIsTruncated(@TempDir Path dir) throws IOException, URISyntaxException {
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64 * 64; i++) {
            noise.setRGB(i % 64, i / 64, (int) (i * 2654435761L)); // scrambled, so PNG cannot compress it much
        }
        byte[] fullPng = png(noise);
        Path cutPng = Files.write(dir.resolve("cut.png"), Arrays.copyOf(fullPng, fullPng.length / 2));
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(cutPng)).getMessage(),
                "cut.png", "truncated or damaged");

        byte[] fullJpeg = Files.readAllBytes(resource("photo-420.jpg"));
        Path cutJpeg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(fullJpeg, fullJpeg.length * 2 / 3));
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(cutJpeg)).getMessage(),
                "cut.jpg", "truncated or damaged");

        byte[] header = Arrays.copyOf(fullPng, 20);
        assertOneSentence(assertThrows(ImageReadException.class, () -> ImageDecoder.read(header, "upload.png")).getMessage(),
                "upload.png", "truncated or damaged");
    }
}
