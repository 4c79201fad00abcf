package dev.scope.engine.image;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageSourceTest {

    @Test
    void textNamesBlackAUrlOrAFile() throws IOException {
        ImageSource black = ImageSource.parse("black");
        assertEquals("black", black.name());
        BufferedImage b = black.read();
        assertEquals(224, b.getWidth());
        assertEquals(0, b.getRGB(100, 100) & 0xffffff);
        ImageSource url = ImageSource.parse("https://example.org/cat.jpg");
        assertEquals(new ImageSource.Url("https://example.org/cat.jpg"), url);
        ImageSource file = ImageSource.parse(Fixtures.image("chelsea").toString());
        assertEquals("chelsea.png", file.name());
        assertEquals(ImageDecoder.read(Fixtures.image("chelsea")).getRGB(5, 5), file.read().getRGB(5, 5));
        assertThrows(IllegalArgumentException.class, () -> ImageSource.parse(" "));
    }

    @Test
    void aFileThatIsNotAnImageSaysSoWhenRead(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageSource.file(text).read());
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
        assertThrows(ImageReadException.class, () -> ImageSource.parse(tmp.resolve("missing.png").toString()).read());
        assertThrows(ImageReadException.class, () -> ImageSource.parse("ftp://example.org/cat.jpg").read());
    }

    @Test
    void aGivenImageIsItself() throws IOException {
        BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        ImageSource given = ImageSource.of("img", image);
        assertEquals("img", given.name());
        assertSame(image, given.read());
    }

    @Test
    void listsTakeAFolderAFileOrCommaSeparatedFiles(@TempDir Path tmp) throws IOException {
        Files.copy(Fixtures.image("black"), tmp.resolve("b.png"));
        Files.copy(Fixtures.image("chelsea"), tmp.resolve("a.png"));
        Files.writeString(tmp.resolve(".hidden.png"), "x");
        Files.createDirectory(tmp.resolve("sub"));
        List<ImageSource> folder = ImageSource.list(tmp.toString());
        assertEquals(List.of("a.png", "b.png"), folder.stream().map(ImageSource::name).toList(),
                "files in name order; hidden files and subfolders left out");
        assertInstanceOf(ImageSource.File.class, folder.get(0));
        assertEquals(List.of("b.png"), ImageSource.list(tmp.resolve("b.png").toString()).stream().map(ImageSource::name).toList());
        assertEquals(List.of("b.png", "a.png"), ImageSource.list(tmp.resolve("b.png") + ", " + tmp.resolve("a.png"))
                .stream().map(ImageSource::name).toList());
        assertEquals(List.of(), ImageSource.list(tmp.resolve("sub").toString()), "an empty folder lists nothing");
        assertEquals("There is no file or folder " + tmp.resolve("nope") + "; check the path (relative paths start at"
                + " the working folder, the notebook's in a notebook).", assertThrows(IllegalArgumentException.class,
                () -> ImageSource.list(tmp.resolve("nope").toString())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageSource.list(tmp.resolve("b.png") + ",nope.png"));
    }
}
