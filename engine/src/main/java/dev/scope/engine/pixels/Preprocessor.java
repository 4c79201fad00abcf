package dev.scope.engine.pixels;

import dev.scope.engine.image.RgbConversion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code CLIPImageProcessor} in Java, step for step as transformers 4 ran it on a PIL image: convert to
 * RGB, resize with PIL's filter ({@link PilResize}), centre-crop ({@link CenterCrop}), rescale to
 * float32 ({@code float32(u8 * rescale_factor)}), normalise ({@code (v - mean) / std} in float32),
 * channel-major output. Each step runs only if the config turns it on.
 *
 * <pre>
 * jshell&gt; var pre = new Preprocessor(PreprocessorConfig.read(Path.of("preprocessor_config.json")));
 * jshell&gt; PixelValues px = pre.apply(ImageDecoder.read(Path.of("cat.jpg")));
 * jshell&gt; px.shape()
 * $3 ==&gt; long[3] { 3, 224, 224 }
 * jshell&gt; BufferedImage seen = pre.crop(ImageDecoder.read(Path.of("cat.jpg")));  // what the model sees, 8-bit
 * jshell&gt; PreparedImage both = pre.prepare(ImageDecoder.read(Path.of("cat.jpg")));  // crop and pixels, one resize
 * </pre>
 */
public final class Preprocessor {
    private static final int CHANNELS = 3;

    private final PreprocessorConfig config;
    /** The float for each 8-bit level of each channel: the rescale and normalise steps, tabulated. */
    private final float[][] levels = new float[CHANNELS][256];
    private final LongAdder resizes = new LongAdder();

    public Preprocessor(PreprocessorConfig config) {
        this.config = config;
        for (int c = 0; c < CHANNELS; c++) {
            for (int u = 0; u < 256; u++) {
                float v = config.doRescale() ? (float) (u * config.rescaleFactor()) : u;
                if (config.doNormalize()) {
                    v = (v - config.imageMean().get(c)) / config.imageStd().get(c);
                }
                levels[c][u] = v;
            }
        }
    }

    public PreprocessorConfig config() {
        return config;
    }

    /** The crop and the pixel values of one image, from one resize and one crop. */
    public PreparedImage prepare(BufferedImage image) {
        Rgb rgb = resizedAndCropped(image);
        return new PreparedImage(RgbConversion.fromPacked(rgb.width, rgb.height, rgb.pixels), pixelValues(rgb));
    }

    /** The 8-bit RGB image after the resize and centre crop: exactly what {@link #apply} turns into floats. */
    public BufferedImage crop(BufferedImage image) {
        Rgb rgb = resizedAndCropped(image);
        return RgbConversion.fromPacked(rgb.width, rgb.height, rgb.pixels);
    }

    /** The pixel values of one image. */
    public PixelValues apply(BufferedImage image) {
        return pixelValues(resizedAndCropped(image));
    }

    /** The pixel values of several images, stacked in order into one batch. */
    public PixelBatch applyAll(List<BufferedImage> images) {
        List<PixelValues> each = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            each.add(apply(image));
        }
        return PixelBatch.stack(each);
    }

    /** How many images this preprocessor has resized so far: one per image prepared, cropped or applied. */
    public long resizes() {
        return resizes.sum();
    }

    private PixelValues pixelValues(Rgb rgb) {
        int plane = rgb.width * rgb.height;
        float[] data = new float[CHANNELS * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb.pixels[i];
            data[i] = levels[0][(p >> 16) & 0xff];
            data[plane + i] = levels[1][(p >> 8) & 0xff];
            data[2 * plane + i] = levels[2][p & 0xff];
        }
        return new PixelValues(CHANNELS, rgb.height, rgb.width, data);
    }

    private record Rgb(int width, int height, int[] pixels) {
    }

    private Rgb resizedAndCropped(BufferedImage image) {
        Rgb rgb = new Rgb(image.getWidth(), image.getHeight(), RgbConversion.packed(image));
        if (config.doResize()) {
            PixelSize to = config.size().outputFor(rgb.width, rgb.height);
            resizes.increment();
            int[] resized = PilResize.resize(rgb.pixels, rgb.width, rgb.height, to.width(), to.height(), config.resample());
            rgb = new Rgb(to.width(), to.height(), resized);
        }
        if (config.doCenterCrop()) {
            PixelSize to = config.cropSize();
            rgb = new Rgb(to.width(), to.height(), CenterCrop.crop(rgb.pixels, rgb.width, rgb.height, to));
        }
        return rgb;
    }
}
