package dev.scope.engine.pixels;

/**
 * One image's model input: {@code channels × height × width} floats, channel-major (CHW), as the
 * {@code pixel_values} of a Hugging Face image processor hold them for one image.
 */
public record PixelValues(int channels, int height, int width, float[] data) {

    public PixelValues {
        if ((long) channels * height * width != data.length) {
            throw new IllegalArgumentException("Pixel values of " + channels + "x" + height + "x" + width
                    + " need " + (long) channels * height * width + " floats, not " + data.length + ".");
        }
    }

    public float get(int channel, int y, int x) {
        return data[(channel * height + y) * width + x];
    }

    public long[] shape() {
        return new long[] {channels, height, width};
    }

    @Override
    public String toString() {
        return "PixelValues(" + channels + ", " + height + ", " + width + ")";
    }
}
