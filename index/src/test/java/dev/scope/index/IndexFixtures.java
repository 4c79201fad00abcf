package dev.scope.index;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Fixtures;
import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageSource;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The tiny fixture scope (layers 2 and 5) and image collections made from the fixture photos, for the index tests. */
public final class IndexFixtures {

    public static final List<Integer> LAYERS = List.of(2, 5);
    static final String[] PHOTOS = {"astronaut", "chelsea", "coffee", "gradient", "black"};

    private IndexFixtures() {
    }

    public static ScopeSpec spec() {
        return new ScopeSpec(Source.local(Fixtures.clip()), Source.local(Fixtures.saes()), LAYERS, DeviceChoice.CPU,
                WeightType.FLOAT32);
    }

    public static Scope scope() throws IOException {
        return Scope.load(spec());
    }

    /** One input's direct forward as the indexer ran it: row {@code row} of its batch's result. */
    public record AsIndexed(ScopeResult batch, int row) {
        public LayerResult layer(int layer) {
            return batch.layer(layer, row);
        }
    }

    /**
     * The direct {@link Scope#forward} of each input at {@code positions} (0-based, readable ones), run in the batch
     * the indexer ran it in: a batch closes at {@code batch} readable inputs or as many unreadable ones. The SAE's
     * matrix products pick their kernel and blocking by the number of rows, so an image's values may differ in the
     * last bit between batches of other sizes; in the same batch the index must hold them exactly.
     */
    public static SortedMap<Integer, AsIndexed> asIndexed(Scope scope, List<ImageSource> inputs, int batch,
                                                          Set<Integer> positions) throws IOException {
        SortedMap<Integer, AsIndexed> out = new TreeMap<>();
        List<ImageSource> readable = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i <= inputs.size(); i++) {
            if (i < inputs.size()) {
                if (readable(inputs.get(i))) {
                    readable.add(inputs.get(i));
                    at.add(i);
                } else {
                    skipped++;
                }
            }
            if (i == inputs.size() || readable.size() == batch || skipped == batch) {
                if (at.stream().anyMatch(positions::contains)) {
                    ScopeResult result = scope.forward(readable, LAYERS);
                    for (int r = 0; r < at.size(); r++) {
                        if (positions.contains(at.get(r))) {
                            out.put(at.get(r), new AsIndexed(result, r));
                        }
                    }
                }
                readable = new ArrayList<>();
                at = new ArrayList<>();
                skipped = 0;
            }
        }
        return out;
    }

    private static boolean readable(ImageSource source) {
        try {
            source.read();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The five fixture images copied into {@code folder}, plus a text file that is not an image. */
    public static Path fixtureFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : PHOTOS) {
            Files.copy(Fixtures.image(name), folder.resolve(name + ".png"));
        }
        Files.writeString(folder.resolve("notes.txt.png"), "not an image");
        return folder;
    }

    /**
     * {@code n} images made from the fixture photos by seeded crops, flips, quarter turns and scales, written as
     * JPEG (quick to write and read) into {@code folder}, named in order.
     */
    public static List<Path> collection(Path folder, int n, long seed) throws IOException {
        Files.createDirectories(folder);
        List<BufferedImage> photos = new ArrayList<>();
        for (String name : new String[] {"astronaut", "chelsea", "coffee", "gradient"}) {
            photos.add(ImageIO.read(Fixtures.image(name).toFile()));
        }
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage photo = photos.get(random.nextInt(photos.size()));
            int w = 40 + random.nextInt(Math.max(1, photo.getWidth() - 40));
            int h = 40 + random.nextInt(Math.max(1, photo.getHeight() - 40));
            int x = random.nextInt(photo.getWidth() - w + 1);
            int y = random.nextInt(photo.getHeight() - h + 1);
            int size = 64 + random.nextInt(192);
            int turns = random.nextInt(4);
            boolean flip = random.nextBoolean();
            BufferedImage out = new BufferedImage(turns % 2 == 0 ? size : size * 3 / 4, turns % 2 == 0 ? size * 3 / 4 : size,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform t = new AffineTransform();
            t.translate(out.getWidth() / 2.0, out.getHeight() / 2.0);
            t.quadrantRotate(turns);
            t.scale(flip ? -1 : 1, 1);
            t.translate(-size / 2.0, -size * 3 / 8.0);
            g.setTransform(t);
            g.drawImage(photo.getSubimage(x, y, w, h), 0, 0, size, size * 3 / 4, null);
            g.dispose();
            Path file = folder.resolve(String.format("img-%05d.jpg", i));
            ImageIO.write(out, "jpg", file.toFile());
            files.add(file);
        }
        return files;
    }
}
