package dev.scope.engine.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where an image comes from: a file, an http(s) URL (fetched within {@link ImageUrl}'s limits), the
 * model card's all-black test image, or a {@code BufferedImage} already in memory. Nothing is read until
 * {@link #read()}; a scan reads each source once, on its reader thread. {@link #list} turns what a user
 * types (a folder, a file, {@code a.png,b.png}) into sources.
 *
 * <pre>
 * jshell&gt; ImageSource.parse("black").read().getWidth()              // 224
 * jshell&gt; ImageSource.parse("https://example.org/cat.jpg").name()   // "https://example.org/cat.jpg"
 * jshell&gt; ImageSource.list("photos/").size()                        // the folder's files, by name
 * </pre>
 */
public sealed interface ImageSource permits ImageSource.File, ImageSource.Url, ImageSource.Black, ImageSource.Given {

    /** What {@link #parse} takes for the model card's black image. */
    String BLACK = "black";

    /** How to name an image, for help lines. */
    String SYNTAX = "a file path, an http(s) URL or black (the model card's all-black image)";

    /** The name shown for this image: the file name, the URL, {@code black}, or the given name. */
    String name();

    /** The image, decoded to 8-bit RGB; every failure is one {@link ImageReadException} naming it. */
    BufferedImage read() throws ImageReadException;

    /**
     * The image and the SHA-256 of the very bytes it was decoded from, read once: what an index records to
     * know an image again. Images that have no bytes (black, in memory) have no hash (null).
     */
    default Read readAndHash() throws ImageReadException {
        return new Read(read(), null);
    }

    /** A decoded image and the lower-case hex SHA-256 of its file's bytes (null when it had none). */
    record Read(BufferedImage image, String sha256) {

        static Read of(byte[] bytes, String name) throws ImageReadException {
            BufferedImage image = ImageDecoder.read(bytes, name);
            try {
                return new Read(image, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("This Java has no SHA-256, which every Java must have.", e);
            }
        }
    }

    /** An image file, decoded by {@link ImageDecoder} within its limits. */
    record File(Path path) implements ImageSource {
        public File {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String name() {
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        }

        @Override
        public BufferedImage read() throws ImageReadException {
            return ImageDecoder.read(path);
        }

        @Override
        public Read readAndHash() throws ImageReadException {
            return Read.of(ImageDecoder.readBytes(path), path.toString());
        }
    }

    /** An http or https URL, fetched with a body cap and a deadline on the whole transfer. */
    record Url(String url) implements ImageSource {
        @Override
        public String name() {
            return url;
        }

        @Override
        public BufferedImage read() throws ImageReadException {
            return ImageUrl.read(url);
        }

        @Override
        public Read readAndHash() throws ImageReadException {
            return Read.of(ImageUrl.fetch(url), url);
        }
    }

    /**
     * The model card's test image: all black, {@link #SIZE} pixels a side. Black stays black through any
     * resize, so its pixel values are the same whatever the model's input size.
     */
    record Black() implements ImageSource {
        public static final int SIZE = 224;

        @Override
        public String name() {
            return BLACK;
        }

        @Override
        public BufferedImage read() {
            return new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        }
    }

    /** An image already in memory, e.g. a notebook variable. */
    record Given(String name, BufferedImage image) implements ImageSource {
        public Given {
            if (image == null) {
                throw new IllegalArgumentException("The image " + name + " is null; pass a BufferedImage.");
            }
        }

        @Override
        public BufferedImage read() {
            return image;
        }
    }

    static ImageSource file(Path path) {
        return new File(path);
    }

    static ImageSource of(String name, BufferedImage image) {
        return new Given(name, image);
    }

    static ImageSource black() {
        return new Black();
    }

    /** {@code black}, an http(s) URL, or else a file path (which need not exist yet: reading says so). */
    static ImageSource parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("No image was named; give " + SYNTAX + ".");
        }
        if (t.equals(BLACK)) {
            return black();
        }
        if (ImageUrl.isUrl(t)) {
            return new Url(t);
        }
        try {
            return file(Path.of(t));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + t + "' is not a file path; give " + SYNTAX + ".");
        }
    }

    /**
     * The images {@code text} names: the files of a folder (not its subfolders, not hidden files) in
     * name order, one file, or a comma-separated list of files. Whether each is an image is found out
     * when it is read.
     *
     * @throws IllegalArgumentException naming the path, when a file or the folder does not exist
     */
    static List<ImageSource> list(String text) throws IOException {
        String t = text == null ? "" : text.strip();
        if (t.contains(",")) {
            List<ImageSource> files = new ArrayList<>();
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    Path file = Path.of(part.strip());
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("The image " + part.strip() + " does not exist; check the path.");
                    }
                    files.add(file(file));
                }
            }
            return List.copyOf(files);
        }
        Path path = Path.of(t);
        if (Files.isDirectory(path)) {
            return folder(path);
        }
        if (Files.exists(path)) {
            return List.of(file(path)); // reading it says what is wrong with anything but an image file
        }
        throw new IllegalArgumentException("There is no file or folder " + t + "; check the path (relative paths start"
                + " at the working folder, the notebook's in a notebook).");
    }

    /** The files of a folder (not its subfolders, not hidden files), in name order; none for an empty folder. */
    static List<ImageSource> folder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("The folder " + folder + " does not exist; check the path"
                    + " (relative paths start at the working folder, the notebook's in a notebook).");
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(ImageSource::file)
                    .toList();
        }
    }
}
