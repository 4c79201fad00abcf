package dev.scope.magics;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.views.View;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/** Checks that a rendered picture is a real picture: it decodes, has the size expected, and is not blank. */
final class Pictures {

    private Pictures() {
    }

    /** Renders {@code view} as the kernel does and checks the PNG; returns the decoded image. */
    static BufferedImage rendered(View view, int logicalWidth, int logicalHeight) throws IOException {
        MimeBundle bundle = view.toMimeBundle();
        BufferedImage png = decode((String) bundle.data().get(MimeBundle.PNG));
        assertEquals(2 * logicalWidth, png.getWidth(), "PNG width");
        assertEquals(2 * logicalHeight, png.getHeight(), "PNG height");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> meta = (java.util.Map<String, Object>) bundle.metadata().get(MimeBundle.PNG);
        assertEquals(logicalWidth, meta.get("width"));
        assertNotBlank(png);
        return png;
    }

    static BufferedImage decode(String base64) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertNotNull(image, "the PNG does not decode");
        return image;
    }

    /** At least 2 % of the pixels differ from the top-left (background) pixel. */
    static void assertNotBlank(BufferedImage image) {
        int background = image.getRGB(0, 0);
        long differing = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    differing++;
                }
            }
        }
        long total = (long) image.getWidth() * image.getHeight();
        assertTrue(differing > total / 50, "only " + differing + " of " + total + " pixels differ from the background");
    }
}
