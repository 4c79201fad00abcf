package dev.scope.index;

import dev.scope.engine.image.ImageSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --images} names: a folder (its files in name order, as {@link ImageSource#folder}), or a text
 * file listing one image path or URL per line ({@code .txt} or {@code .lst}; blank lines and lines starting
 * with {@code #} are ignored; relative paths start at the list's folder).
 */
public final class ImageInputs {

    /** The most lines a list may have: a named limit on what is read from outside. */
    public static final int MAX_LIST_LINES = 50_000_000;

    private ImageInputs() {
    }

    public static List<ImageSource> parse(String text) throws IOException {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No images were named; pass --images with a folder or a list.txt of paths.");
        }
        Path path = Path.of(text.strip());
        if (Files.isRegularFile(path) && isList(path)) {
            return list(path);
        }
        return ImageSource.list(text);
    }

    static boolean isList(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".txt") || name.endsWith(".lst");
    }

    static List<ImageSource> list(Path file) throws IOException {
        List<ImageSource> out = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (out.size() >= MAX_LIST_LINES) {
                    throw new IllegalArgumentException("The list " + file + " names more than " + MAX_LIST_LINES
                            + " images; split it into several lists and index each.");
                }
                ImageSource source = ImageSource.parse(t);
                if (source instanceof ImageSource.File f && !Path.of(t).isAbsolute()) {
                    source = ImageSource.file(base.resolve(t));
                }
                out.add(source);
            }
        }
        return List.copyOf(out);
    }
}
