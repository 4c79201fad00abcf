package dev.scope.notebooks;

import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.pixels.PilResize;
import dev.scope.engine.pixels.Resample;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntBinaryOperator;

/**
 * Makes {@code notebooks/images/}: 224×224 crops of the three fixture photos (NASA public domain, CC0,
 * CC0; see fixtures/README.md) and synthetic patterns drawn here. 224 is CLIP's input size, so each image
 * is its own centre crop and each ViT-L/14 patch is exactly 14×14 of its pixels.
 *
 * <pre>
 * mvn -q -o test-compile -pl notebook-tests -am
 * java -cp "notebook-tests/target/test-classes:engine/target/classes" dev.scope.notebooks.NotebookImages fixtures notebooks/images
 * </pre>
 */
public final class NotebookImages {
    public static final int SIZE = 224;

    /** A square region of a photo: left, top and side in the photo's pixels. */
    record Crop(String photo, int x, int y, int side) {
    }

    static final Map<String, Crop> CROPS = new LinkedHashMap<>();

    static {
        CROPS.put("astronaut", new Crop("astronaut", 0, 0, 512));
        CROPS.put("astronaut-face", new Crop("astronaut", 130, 0, 200));
        CROPS.put("astronaut-flag", new Crop("astronaut", 0, 20, 120));
        CROPS.put("astronaut-shuttle", new Crop("astronaut", 330, 0, 180));
        CROPS.put("astronaut-helmet", new Crop("astronaut", 280, 330, 182));
        CROPS.put("astronaut-patch", new Crop("astronaut", 120, 330, 110));
        CROPS.put("chelsea", new Crop("chelsea", 75, 0, 300));
        CROPS.put("chelsea-eye", new Crop("chelsea", 125, 70, 100));
        CROPS.put("chelsea-nose", new Crop("chelsea", 200, 170, 110));
        CROPS.put("chelsea-fur", new Crop("chelsea", 0, 150, 140));
        CROPS.put("coffee", new Crop("coffee", 100, 0, 400));
        CROPS.put("coffee-crema", new Crop("coffee", 200, 90, 120));
        CROPS.put("coffee-spoon", new Crop("coffee", 310, 200, 120));
        CROPS.put("coffee-table", new Crop("coffee", 450, 0, 150));
        CROPS.put("coffee-saucer", new Crop("coffee", 70, 250, 150));
    }

    /** Patterns as a colour per pixel (0xRRGGBB). */
    static final Map<String, IntBinaryOperator> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put("black", (x, y) -> 0x000000);
        PATTERNS.put("stripes-horizontal", (x, y) -> (y / 14) % 2 == 0 ? 0xFFFFFF : 0x000000);
        PATTERNS.put("stripes-vertical", (x, y) -> (x / 14) % 2 == 0 ? 0xFFFFFF : 0x000000);
        PATTERNS.put("stripes-diagonal", (x, y) -> ((x + y) / 20) % 2 == 0 ? 0xE03C31 : 0xFFFFFF);
        PATTERNS.put("checkerboard", (x, y) -> ((x / 28) + (y / 28)) % 2 == 0 ? 0xFFFFFF : 0x000000);
        PATTERNS.put("circles", (x, y) -> {
            double r = Math.hypot(x - SIZE / 2.0 + 0.5, y - SIZE / 2.0 + 0.5);
            return ((int) (r / 12)) % 2 == 0 ? 0x1F4E9C : 0xF2C14E;
        });
        PATTERNS.put("dots", (x, y) -> Math.hypot(x % 32 - 15.5, y % 32 - 15.5) < 9 ? 0x2E8B57 : 0xF5F0E6);
        PATTERNS.put("rainbow", (x, y) -> java.awt.Color.HSBtoRGB(x / (float) SIZE, 0.85f, 0.95f) & 0xFFFFFF);
        PATTERNS.put("noise", new IntBinaryOperator() {
            private final int[] values = new Random(224).ints(SIZE * SIZE, 0, 256).toArray();

            @Override
            public int applyAsInt(int x, int y) {
                int v = values[y * SIZE + x];
                return v << 16 | v << 8 | v;
            }
        });
    }

    private NotebookImages() {
    }

    /** Every image, by file name without .png, in a fixed order. */
    public static Map<String, BufferedImage> make(Path fixtures) throws IOException {
        Map<String, BufferedImage> out = new LinkedHashMap<>();
        Map<String, BufferedImage> photos = new LinkedHashMap<>();
        for (var e : CROPS.entrySet()) {
            Crop c = e.getValue();
            BufferedImage photo = photos.computeIfAbsent(c.photo(), p -> read(fixtures.resolve("images/" + p + ".png")));
            BufferedImage region = photo.getSubimage(c.x(), c.y(), c.side(), c.side());
            out.put(e.getKey(), PilResize.resize(region, SIZE, SIZE, Resample.BICUBIC));
        }
        for (var e : PATTERNS.entrySet()) {
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    image.setRGB(x, y, e.getValue().applyAsInt(x, y));
                }
            }
            out.put(e.getKey(), image);
        }
        return out;
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageDecoder.read(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: NotebookImages <fixtures folder> <output folder>");
            System.exit(2);
        }
        Path target = Path.of(args[1]);
        Files.createDirectories(target);
        for (var e : make(Path.of(args[0])).entrySet()) {
            ImageIO.write(e.getValue(), "png", target.resolve(e.getKey() + ".png").toFile());
        }
    }
}
