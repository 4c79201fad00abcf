package dev.scope.magics;

import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.image.ImageUrl;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code <image>} of {@code %scope forward}: a session variable holding a BufferedImage, {@code black} (the
 * model card's all-black test image, at the model's input size), an http(s) URL, or a file path.
 */
record ImageInput(String name, BufferedImage image) {

    static final String BLACK = "black";

    static ImageInput resolve(String arg, MagicContext context, int imageSize) throws IOException {
        Optional<Object> variable = context.variable(arg);
        if (variable.isPresent()) {
            if (variable.get() instanceof BufferedImage image) {
                return new ImageInput(arg, image);
            }
            throw new MagicException("The variable " + arg + " holds a " + variable.get().getClass().getSimpleName()
                    + ", not a BufferedImage; pass a BufferedImage variable, a path, an http(s) URL or black.");
        }
        if (arg.equals(BLACK)) {
            return new ImageInput(BLACK, black(imageSize));
        }
        if (ImageUrl.isUrl(arg)) {
            try {
                return new ImageInput(arg, ImageUrl.read(arg));
            } catch (ImageReadException e) {
                throw new MagicException(EngineCalls.oneLine(e.getMessage(), e), e);
            }
        }
        Path path = Path.of(arg);
        try {
            return new ImageInput(path.getFileName() == null ? arg : path.getFileName().toString(), ImageDecoder.read(path));
        } catch (ImageReadException e) {
            throw new MagicException(EngineCalls.oneLine(e.getMessage(), e)
                    .replace("; check the path.", "; check the path, or pass black, an http(s) URL or a BufferedImage variable."), e);
        }
    }

    static BufferedImage black(int size) {
        return new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    }
}
