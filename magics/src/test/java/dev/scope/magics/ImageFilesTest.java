package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ImageFilesTest {

    @Test
    void aFolderGivesItsVisibleFilesInNameOrder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.copy(Fixtures.image("black"), dir.resolve("b.png"));
        Files.copy(Fixtures.image("coffee"), dir.resolve("a.png"));
        Files.writeString(dir.resolve(".DS_Store"), "hidden");
        Files.createDirectory(dir.resolve("sub"));
        ImageFiles files = ImageFiles.resolve(dir.toString(), "--images");
        assertEquals(List.of(dir.resolve("a.png"), dir.resolve("b.png"), dir.resolve("notes.txt")), files.files());
        assertEquals(dir, files.folder());
    }

    @Test
    void aCommaListNamesFiles() {
        String list = Fixtures.image("black") + "," + Fixtures.image("coffee");
        assertEquals(List.of(Fixtures.image("black"), Fixtures.image("coffee")), ImageFiles.resolve(list, "--images").files());
        MagicException e = assertThrows(MagicException.class,
                () -> ImageFiles.resolve(Fixtures.image("black") + ",nope.png", "--images"));
        assertEquals("The image nope.png given to --images does not exist; check the path.", e.getMessage());
    }

    @Test
    void anEmptyOrMissingFolderIsAOneLineError(@TempDir Path dir) {
        assertEquals("The folder " + dir + " given to --images has no files; put images (PNG or JPEG) in it, or pass"
                + " another folder.", assertThrows(MagicException.class,
                () -> ImageFiles.resolve(dir.toString(), "--images")).getMessage());
        String missing = dir.resolve("nope").toString();
        assertEquals("The folder " + missing + " given to --images does not exist; check the path (relative paths"
                + " start at the notebook's folder).", assertThrows(MagicException.class,
                () -> ImageFiles.resolve(missing, "--images")).getMessage());
    }

    @Test
    void theSkippedNoteCountsAndNamesFiles() {
        assertEquals("", ImageFiles.skippedNote(List.of()));
        assertEquals("; skipped 1 file that is not an image: notes.txt", ImageFiles.skippedNote(List.of(Path.of("x/notes.txt"))));
        assertEquals("; skipped 2 files that are not images: a.txt, b.csv",
                ImageFiles.skippedNote(List.of(Path.of("a.txt"), Path.of("b.csv"))));
    }
}
