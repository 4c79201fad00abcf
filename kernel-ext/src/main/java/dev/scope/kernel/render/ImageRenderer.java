package dev.scope.kernel.render;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Pictures;
import dev.scope.kernel.ext.Renderer;

import java.awt.image.BufferedImage;

/** BufferedImage → PNG at its own size. */
public final class ImageRenderer implements Renderer<BufferedImage> {

    @Override
    public MimeBundle render(BufferedImage image) {
        return MimeBundle.png(Pictures.png(image), image.getWidth(), image.getHeight(),
                "BufferedImage " + image.getWidth() + "x" + image.getHeight());
    }
}
