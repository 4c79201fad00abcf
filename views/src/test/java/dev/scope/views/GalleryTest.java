package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Draws every view into target/gallery (look at them!) and checks that none of them came out blank. */
class GalleryTest {

    @Test
    void everyViewIsWrittenAndDrawnOn() throws Exception {
        Path folder = Path.of(System.getProperty("scope.gallery", "target/gallery"));
        Gallery.main(new String[] {folder.toString()});
        Map<String, byte[]> pngs = Gallery.render(Synthetic.crop(224));
        assertEquals(14, pngs.size());
        for (String name : pngs.keySet()) {
            Path file = folder.resolve(name);
            assertTrue(Files.size(file) > 5_000, name);
            BufferedImage image = Pixels.decode(Files.readAllBytes(file));
            int drawn = Pixels.differing(image, Color.WHITE);
            assertTrue(drawn > 0.02 * image.getWidth() * image.getHeight(), name + ": only " + drawn + " pixels drawn");
        }
        for (String name : Gallery.renderTables().keySet()) {
            assertTrue(Files.size(folder.resolve(name)) > 500, name);
        }
    }
}
