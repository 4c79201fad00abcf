package dev.scope.notebooks;

import dev.scope.engine.image.ImageDecoder;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class NotebookImagesTest {

    @Test
    void theShippedImagesAreExactlyWhatTheGeneratorMakes() throws IOException {
        Path folder = Project.root().resolve("notebooks/images");
        Map<String, BufferedImage> made = NotebookImages.make(Project.root().resolve("fixtures"));
        Set<String> shipped;
        try (Stream<Path> files = Files.list(folder)) {
            shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(made.keySet()), shipped, "notebooks/images holds other files than the generator makes");
        assertEquals(24, shipped.size());
        for (var e : made.entrySet()) {
            BufferedImage file = ImageDecoder.read(folder.resolve(e.getKey() + ".png"));
            BufferedImage want = e.getValue();
            assertEquals(NotebookImages.SIZE, file.getWidth(), e.getKey());
            assertEquals(NotebookImages.SIZE, file.getHeight(), e.getKey());
            for (int y = 0; y < NotebookImages.SIZE; y++) {
                for (int x = 0; x < NotebookImages.SIZE; x++) {
                    int got = file.getRGB(x, y) & 0xFFFFFF;
                    int exp = want.getRGB(x, y) & 0xFFFFFF;
                    if (got != exp) {
                        fail(e.getKey() + ".png differs at (" + x + ", " + y + "): " + Integer.toHexString(got)
                                + " instead of " + Integer.toHexString(exp) + "; run NotebookImages again");
                    }
                }
            }
        }
    }
}
