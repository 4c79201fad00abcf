package dev.scope.views;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Pictures;
import dev.scope.kernel.ext.Renderable;

import java.awt.image.BufferedImage;

/**
 * Anything that draws itself as a picture with no screen. A notebook shows it at its logical size
 * ({@link #toImage()} is drawn at {@link Pictures#DENSITY}× pixel density); {@link #toPng()} writes it to a file.
 */
public interface View extends Renderable {

    /** The picture at its final pixel size (charts are drawn at {@link Png#DEFAULT_SCALE}× density). */
    BufferedImage toImage();

    /** {@link #toImage()} as PNG bytes. */
    default byte[] toPng() {
        return Png.encode(toImage());
    }

    @Override
    default MimeBundle toMimeBundle() {
        Class<?> type = getClass();
        String name = type.isSynthetic() || type.isHidden() || type.isAnonymousClass() ? "View" : type.getSimpleName();
        return Pictures.bundle(toImage(), name);
    }
}
