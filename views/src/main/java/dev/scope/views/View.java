package dev.scope.views;

import java.awt.image.BufferedImage;

/** Anything that draws itself as a picture with no screen: a notebook shows {@link #toPng()}. */
public interface View {

    /** The picture at its final pixel size (charts are drawn at {@link Png#DEFAULT_SCALE}× density). */
    BufferedImage toImage();

    /** {@link #toImage()} as PNG bytes. */
    default byte[] toPng() {
        return Png.encode(toImage());
    }
}
