package dev.scope.kernel.render;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** BufferedImage → PNG at its own size. */
public final class ImageRenderer implements Renderer<BufferedImage> {

    @Override
    public MimeBundle render(BufferedImage image) {
        return MimeBundle.png(png(image), image.getWidth(), image.getHeight(),
                "BufferedImage " + image.getWidth() + "x" + image.getHeight());
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("No PNG writer accepts image type " + image.getType() + ".");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
