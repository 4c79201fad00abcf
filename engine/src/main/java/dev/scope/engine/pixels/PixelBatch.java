package dev.scope.engine.pixels;

import java.util.List;

/** Several images' pixel values stacked into one {@code [batch, channels, height, width]} float array. */
public record PixelBatch(int batch, int channels, int height, int width, float[] data) {

    public PixelBatch {
        if ((long) batch * channels * height * width != data.length) {
            throw new IllegalArgumentException("A pixel batch of " + batch + "x" + channels + "x" + height + "x" + width
                    + " needs " + (long) batch * channels * height * width + " floats, not " + data.length + ".");
        }
    }

    /** Stacks images of one shape, in order. */
    public static PixelBatch stack(List<PixelValues> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("Cannot stack an empty list of images; pass at least one.");
        }
        PixelValues first = images.get(0);
        int per = first.data().length;
        float[] data = new float[Math.multiplyExact(per, images.size())];
        for (int i = 0; i < images.size(); i++) {
            PixelValues p = images.get(i);
            if (p.channels() != first.channels() || p.height() != first.height() || p.width() != first.width()) {
                throw new IllegalArgumentException("Image " + i + " gives " + p.channels() + "x" + p.height() + "x" + p.width()
                        + " pixel values but image 0 gives " + first.channels() + "x" + first.height() + "x" + first.width()
                        + "; turn on the centre crop so that all images come out the same size.");
            }
            System.arraycopy(p.data(), 0, data, i * per, per);
        }
        return new PixelBatch(images.size(), first.channels(), first.height(), first.width(), data);
    }

    /** Image {@code index}'s pixel values, copied. */
    public PixelValues image(int index) {
        int per = channels * height * width;
        float[] one = new float[per];
        System.arraycopy(data, index * per, one, 0, per);
        return new PixelValues(channels, height, width, one);
    }

    public long[] shape() {
        return new long[] {batch, channels, height, width};
    }

    @Override
    public String toString() {
        return "PixelBatch(" + batch + ", " + channels + ", " + height + ", " + width + ")";
    }
}
