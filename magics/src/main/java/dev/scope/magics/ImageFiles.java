package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files an {@code --images} value names: the files of a folder (not its subfolders, not hidden files), in
 * name order, or a comma-separated list of files. Whether each is an image is found out when it is decoded.
 */
record ImageFiles(Path folder, List<Path> files) {

    ImageFiles {
        files = List.copyOf(files);
    }

    static ImageFiles resolve(String text, String flag) {
        if (text.contains(",")) {
            List<Path> files = new ArrayList<>();
            for (String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                Path file = Path.of(part.strip()).toAbsolutePath().normalize();
                if (!Files.isRegularFile(file)) {
                    throw new MagicException("The image " + part.strip() + " given to " + flag
                            + " does not exist; check the path.");
                }
                files.add(file);
            }
            return new ImageFiles(null, files);
        }
        Path path = Path.of(text).toAbsolutePath().normalize();
        if (Files.isRegularFile(path)) {
            return new ImageFiles(null, List.of(path));
        }
        if (!Files.isDirectory(path)) {
            throw new MagicException("The folder " + text + " given to " + flag + " does not exist; check the path"
                    + " (relative paths start at the notebook's folder).");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(path)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new MagicException("The folder " + text + " cannot be listed (" + e.getMessage() + "); check its permissions.");
        }
        if (files.isEmpty()) {
            throw new MagicException("The folder " + text + " given to " + flag + " has no files; put images"
                    + " (PNG or JPEG) in it, or pass another folder.");
        }
        return new ImageFiles(path, files);
    }

    /** "the folder X" or "the N files given", for messages. */
    String describe() {
        return folder != null ? "the folder " + folder : files.size() == 1 ? files.get(0).toString()
                : "the " + files.size() + " files given";
    }

    /** "; skipped 2 files that are not images: a.txt, b.csv", or "" when none were skipped. */
    static String skippedNote(List<Path> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        List<String> names = skipped.stream().map(p -> p.getFileName().toString()).toList();
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? ", …" : "");
        return "; skipped " + skipped.size() + (skipped.size() == 1 ? " file that is not an image: "
                : " files that are not images: ") + shown;
    }
}
