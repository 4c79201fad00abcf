package dev.scope.engine.pixels;

import dev.scope.engine.image.RgbConversion;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessorTest {

    /** Pixel (x, y) = rgb(x, y, x + y) (mod 256), so a crop shows where it came from. */
    static BufferedImage numbered(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = rgb(x % 256, y % 256, (x + y) % 256);
            }
        }
        return RgbConversion.fromPacked(w, h, px);
    }

    static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    static PreprocessorConfig cropOnly(PixelSize crop) {
        PreprocessorConfig d = PreprocessorConfig.CLIP;
        return new PreprocessorConfig(true, false, d.size(), d.resample(), true, crop, false, d.rescaleFactor(),
                false, d.imageMean(), d.imageStd());
    }

    @Test
    void cropsTheMiddleFlooringOddMargins() {
        // 11x8 -> 4x3: left = floor(7/2) = 3, top = floor(5/2) = 2
        BufferedImage crop = new Preprocessor(cropOnly(new PixelSize(3, 4))).crop(numbered(11, 8));
        assertEquals(4, crop.getWidth());
        assertEquals(3, crop.getHeight());
        assertEquals(rgb(3, 2, 5), crop.getRGB(0, 0) & 0xffffff);
        assertEquals(rgb(6, 4, 10), crop.getRGB(3, 2) & 0xffffff);
    }

    @Test
    void padsWithBlackWhereTheImageIsSmallerThanTheCrop() {
        // 3x2 -> 6x5: top = floor(-3/2) = -2, left = floor(-3/2) = -2 (padding of 2 before, 1 after)
        BufferedImage crop = new Preprocessor(cropOnly(new PixelSize(5, 6))).crop(numbered(3, 2));
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                boolean inside = x >= 2 && x < 5 && y >= 2 && y < 4;
                int expected = inside ? rgb(x - 2, y - 2, x + y - 4) : 0;
                assertEquals(expected, crop.getRGB(x, y) & 0xffffff, "at " + x + "," + y);
            }
        }
    }

    @Test
    void rescalesAndNormalisesEachChannelInFloat32() {
        Preprocessor clip = new Preprocessor(cropOnly(PixelSize.square(2)));
        PreprocessorConfig d = PreprocessorConfig.CLIP;
        Preprocessor full = new Preprocessor(new PreprocessorConfig(true, false, d.size(), d.resample(), true,
                PixelSize.square(2), true, 1 / 255.0, true, d.imageMean(), d.imageStd()));
        BufferedImage img = RgbConversion.fromPacked(2, 2, new int[] {0x000000, 0xffffff, 0x804020, 0x010203});
        PixelValues raw = clip.apply(img);
        assertEquals(128f, raw.get(0, 1, 0));
        assertEquals(64f, raw.get(1, 1, 0));
        assertEquals(32f, raw.get(2, 1, 0));
        PixelValues px = full.apply(img);
        assertArrayEquals(new long[] {3, 2, 2}, px.shape());
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        int[][] levels = {{0, 255, 128, 1}, {0, 255, 64, 2}, {0, 255, 32, 3}};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                float v = (float) (levels[c][i] / 255.0);
                assertEquals((v - mean[c]) / std[c], px.get(c, i / 2, i % 2), "channel " + c + " pixel " + i);
            }
        }
        assertEquals(-1.7922626f, px.get(0, 0, 0), 1e-6f); // (0 - 0.48145466) / 0.26862954
    }

    @Test
    void stacksABatchInOrder() {
        Preprocessor pre = new Preprocessor(PreprocessorConfig.CLIP);
        BufferedImage a = numbered(300, 200);
        BufferedImage b = numbered(180, 260);
        PixelBatch batch = pre.applyAll(List.of(a, b));
        assertArrayEquals(new long[] {2, 3, 224, 224}, batch.shape());
        assertArrayEquals(pre.apply(a).data(), batch.image(0).data());
        assertArrayEquals(pre.apply(b).data(), batch.image(1).data());
    }

    @Test
    void refusesToStackImagesOfDifferentSizes() {
        PreprocessorConfig d = PreprocessorConfig.CLIP;
        Preprocessor noCrop = new Preprocessor(new PreprocessorConfig(true, true, d.size(), d.resample(), false,
                d.cropSize(), true, d.rescaleFactor(), true, d.imageMean(), d.imageStd()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> noCrop.applyAll(List.of(numbered(300, 200), numbered(200, 200))));
        assertTrue(e.getMessage().contains("Image 1"), e.getMessage());
    }

    @Test
    void theCropIsWhatTheFloatsAreMadeOf() {
        Preprocessor pre = new Preprocessor(PreprocessorConfig.CLIP);
        BufferedImage photo = numbered(451, 300);
        BufferedImage crop = pre.crop(photo);
        assertEquals(224, crop.getWidth());
        assertEquals(224, crop.getHeight());
        Preprocessor floatsOnly = new Preprocessor(new PreprocessorConfig(true, false, PreprocessorConfig.CLIP.size(),
                Resample.BICUBIC, false, PixelSize.square(224), true, 1 / 255.0, true,
                PreprocessorConfig.CLIP.imageMean(), PreprocessorConfig.CLIP.imageStd()));
        assertArrayEquals(pre.apply(photo).data(), floatsOnly.apply(crop).data());
    }

    @Test
    void prepareGivesTheCropAndThePixelsFromOneResize() {
        Preprocessor pre = new Preprocessor(PreprocessorConfig.CLIP);
        BufferedImage image = numbered(300, 240);
        PreparedImage both = pre.prepare(image);
        assertEquals(1, pre.resizes(), "one resize for the crop and the pixels together");
        BufferedImage crop = pre.crop(image);
        PixelValues pixels = pre.apply(image);
        assertEquals(3, pre.resizes(), "crop and apply each resize on their own");
        assertArrayEquals(pixels.data(), both.pixels().data());
        assertEquals(224, both.crop().getWidth());
        for (int y = 0; y < 224; y += 37) {
            for (int x = 0; x < 224; x += 41) {
                assertEquals(crop.getRGB(x, y), both.crop().getRGB(x, y));
            }
        }
    }
}
