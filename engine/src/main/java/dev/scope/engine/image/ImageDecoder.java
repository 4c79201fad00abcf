package dev.scope.engine.image;

import dev.scope.engine.limits.Limit;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes JPEG and PNG files (and whatever else ImageIO reads) to 8-bit RGB, pixel for pixel as PIL's
 * {@code Image.open(f).convert("RGB")} gives them: greyscale, palette, RGBA (alpha dropped), 16-bit
 * (see {@link RgbConversion}) and CMYK/YCCK JPEGs (see {@link RawJpeg}). Like PIL, it ignores
 * embedded ICC profiles and does not apply the EXIF orientation.
 *
 * <p>Only regular files are opened (a FIFO would block, {@code /dev/zero} never end), at most
 * {@link Limit#IMAGE_BYTES} of them is read, and the width and height in the header are checked
 * against {@link Limit#IMAGE_PIXELS} before any pixel is decoded.
 *
 * <pre>
 * jshell&gt; BufferedImage rgb = ImageDecoder.read(Path.of("cat.jpg"));
 * jshell&gt; rgb.getType() == BufferedImage.TYPE_INT_RGB
 * $2 ==&gt; true
 * </pre>
 */
public final class ImageDecoder {
    private static final String WHAT_TO_PASS = "pass a JPEG or PNG file";

    private ImageDecoder() {
    }

    /** Reads an image file; every failure is an {@link ImageReadException} naming the file. */
    public static BufferedImage read(Path file) throws ImageReadException {
        String subject = "The file " + file;
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new ImageReadException("The path " + file + " is a folder, not an image; " + WHAT_TO_PASS + ".");
            }
            if (!attributes.isRegularFile()) {
                throw new ImageReadException("The path " + file + " is not a regular file (a device, pipe or socket);"
                        + " " + WHAT_TO_PASS + ".");
            }
            checkSize(attributes.size(), subject);
            try (InputStream in = Files.newInputStream(file)) {
                bytes = readCapped(in, subject);
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageReadException(subject + " does not exist; check the path.", e);
        } catch (AccessDeniedException e) {
            throw new ImageReadException(subject + " cannot be opened (permission denied); check its permissions.", e);
        } catch (IOException e) {
            throw new ImageReadException(subject + " cannot be read (" + e.getMessage() + "); " + WHAT_TO_PASS + ".", e);
        }
        return decode(bytes, subject);
    }

    /** Decodes the bytes of an image file; {@code name} (e.g. the file name) is used in error messages. */
    public static BufferedImage read(byte[] bytes, String name) throws ImageReadException {
        return decode(bytes, "The file " + name);
    }

    /** Decodes the bytes of an image file. */
    public static BufferedImage read(byte[] bytes) throws ImageReadException {
        return decode(bytes, "The image data");
    }

    /** Reads {@code in} to its end, at most {@link Limit#IMAGE_BYTES}, and decodes it; {@code name} is used in error messages. */
    public static BufferedImage read(InputStream in, String name) throws ImageReadException {
        String subject = "The file " + name;
        byte[] bytes;
        try {
            bytes = readCapped(in, subject);
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageReadException(subject + " cannot be read (" + e.getMessage() + "); " + WHAT_TO_PASS + ".", e);
        }
        return decode(bytes, subject);
    }

    /** Refuses a declared size over {@link Limit#IMAGE_BYTES}; {@code subject} starts the sentence. */
    static void checkSize(long bytes, String subject) throws ImageReadException {
        try {
            Limit.IMAGE_BYTES.check(bytes, "is %s");
        } catch (Limit.Exceeded e) {
            throw new ImageReadException(subject + " " + e.getMessage() + ".");
        }
    }

    /** Reads to the end, refusing past {@link Limit#IMAGE_BYTES} (the file may be growing, or lie about its size). */
    private static byte[] readCapped(InputStream in, String subject) throws IOException {
        long limit = Limit.IMAGE_BYTES.value();
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw new ImageReadException(subject + " " + Limit.IMAGE_BYTES.exceeded("is larger than").getMessage() + ".");
        }
        return bytes;
    }

    private static BufferedImage decode(byte[] bytes, String subject) throws ImageReadException {
        if (bytes.length == 0) {
            throw new ImageReadException(subject + " is empty; " + WHAT_TO_PASS + ".");
        }
        long maxPixels = Limit.IMAGE_PIXELS.value(); // here, so that a bad setting is not taken for a bad file
        // A memory-backed stream: ImageIO's default would cache to temporary files.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException(subject + " cannot be read as an image; " + WHAT_TO_PASS + ".");
            }
            ImageReader reader = readers.next();
            try {
                // PNG text and ICC chunks are inflated whole when metadata is read (a 1 MB zTXt chunk can
                // hold gigabytes); the IHDR fields readPng needs are kept either way.
                reader.setInput(in, false, reader.getFormatName().equalsIgnoreCase("png"));
                checkPixels(reader, maxPixels, subject);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage rgb = switch (reader.getFormatName().toLowerCase(Locale.ROOT)) {
                    case "jpeg" -> readJpeg(reader);
                    case "png" -> readPng(reader);
                    default -> RgbConversion.toRgb(reader.read(0));
                };
                if (warnings.stream().anyMatch(ImageDecoder::meansTruncated)) {
                    throw damaged(subject, null);
                }
                return rgb;
            } catch (ImageReadException e) {
                throw e;
            } catch (OutOfMemoryError e) { // within the pixel limit, but the heap is smaller still
                throw new ImageReadException(subject + " is too large to decode in this JVM's memory ("
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap); pass a smaller image or give"
                        + " the JVM more memory.");
            } catch (IOException | RuntimeException e) {
                // ImageIO's readers signal corrupt data with assorted runtime exceptions too.
                throw damaged(subject, e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (e instanceof ImageReadException ire) {
                throw ire;
            }
            throw damaged(subject, e);
        }
    }

    /** Width × height from the header, checked before anything is decoded. */
    private static void checkPixels(ImageReader reader, long maxPixels, String subject) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        try {
            Limit.IMAGE_PIXELS.check(width * height, maxPixels, "is " + width + " × " + height + ", %s");
        } catch (Limit.Exceeded e) {
            throw new ImageReadException(subject + " " + e.getMessage() + ".");
        }
    }

    private static ImageReadException damaged(String subject, Exception cause) {
        return new ImageReadException(subject + " is truncated or damaged and cannot be decoded; "
                + "re-save it as a JPEG or PNG file.", cause);
    }

    /** libjpeg's "Premature end of JPEG file" and ImageIO's missing-EOI warning: PIL fails on these. */
    private static boolean meansTruncated(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("missing eoi") || w.contains("truncated");
    }

    private static BufferedImage readJpeg(ImageReader reader) throws IOException {
        Node root;
        try {
            root = nativeTree(reader.getImageMetadata(0));
        } catch (IIOException strictMetadataParser) {
            // ImageIO's marker parser rejects some files its decoder reads; let the decoder try.
            return RgbConversion.toRgb(reader.read(0));
        }
        Node markers = child(root, "markerSequence");
        Node frame = child(markers, "sof");
        if (frame == null) {
            throw new IIOException("no frame header");
        }
        List<Integer> ids = new ArrayList<>();
        for (Node c = frame.getFirstChild(); c != null; c = c.getNextSibling()) {
            if ("componentSpec".equals(c.getNodeName())) {
                ids.add(Integer.parseInt(attribute(c, "componentId", "0")));
            }
        }
        boolean jfif = child(child(root, "JPEGvariety"), "app0JFIF") != null;
        Node adobe = child(markers, "app14Adobe");
        int transform = adobe == null ? -1 : Integer.parseInt(attribute(adobe, "transform", "0"));
        JpegColorSpace space = JpegColorSpace.of(jfif, transform, ids.stream().mapToInt(Integer::intValue).toArray());
        if (space == null) {
            throw new IIOException(ids.size() + " colour components");
        }
        return RawJpeg.toRgb(reader.readRaster(0, null), space);
    }

    private static BufferedImage readPng(ImageReader reader) throws IOException {
        Node root = nativeTree(reader.getImageMetadata(0));
        Node header = root == null ? null : child(root, "IHDR");
        boolean sixteenBitGray = header != null
                && "16".equals(attribute(header, "bitDepth", ""))
                && "Grayscale".equals(attribute(header, "colorType", ""));
        BufferedImage decoded = reader.read(0);
        return sixteenBitGray ? RgbConversion.toRgb(decoded, true) : RgbConversion.toRgb(decoded);
    }

    private static Node nativeTree(IIOMetadata metadata) throws IIOException {
        if (metadata == null || metadata.getNativeMetadataFormatName() == null) {
            return null;
        }
        return metadata.getAsTree(metadata.getNativeMetadataFormatName());
    }

    private static Node child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.equals(n.getNodeName())) {
                return n;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name, String fallback) {
        NamedNodeMap attributes = node.getAttributes();
        Node a = attributes == null ? null : attributes.getNamedItem(name);
        return a == null ? fallback : a.getNodeValue();
    }
}
