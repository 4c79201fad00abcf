package dev.scope.bench;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.pixels.PreparedImage;
import dev.scope.index.IndexSummary;
import dev.scope.index.Indexer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The index's row of {@code ./scope bench}: on the plan's shapes (random weights, the plan's layer), the rate of
 * {@code ./scope index} end to end (JPEG decoding and preprocessing on the scan's reader thread, the forward
 * pass, the summaries, DuckDB's commits) beside the forward pass's own rate on the same images already
 * prepared (timed before and after the index, averaged), in the same process.
 */
public final class IndexBench {

    private static final long SEED = 1_200_013_184L;

    /** Images per second both ways, and how many images. */
    public record Result(int images, int batch, double forwardPerSecond, double indexPerSecond) {

        /** The index's rate as a share of the forward pass's. */
        public double share() {
            return indexPerSecond / forwardPerSecond;
        }

        public String line() {
            return String.format(Locale.ROOT, "index vs forward, %d JPEG images, batch %d: ./scope index %.2f images/s,"
                    + " forward pass alone %.2f images/s: the index runs at %.0f%% of the forward rate", images, batch,
                    indexPerSecond, forwardPerSecond, 100 * share());
        }
    }

    private final BenchPlan plan;
    private final Consumer<String> progress;

    public IndexBench(BenchPlan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    public Result run() throws IOException {
        int images = plan.quick() ? 16 : 32;
        Path dir = Files.createTempDirectory("scope-index-bench");
        try (Scope scope = Scope.random(plan.vision(), plan.saeFeatures(), plan.k(), List.of(plan.layer()), SEED)) {
            int batch = scope.batchSize();
            progress.accept("index bench: writing " + images + " JPEG images");
            List<ImageSource> sources = write(dir, images);
            List<PreparedImage> prepared = new ArrayList<>();
            for (ImageSource s : sources) {
                prepared.add(scope.preprocessor().prepare(s.read()));
            }
            scope.forwardPrepared(List.of("warm-up"), prepared.subList(0, 1), List.of(plan.layer()));

            // the forward pass before and after the index, averaged: a load that drifts during the run weighs on both
            progress.accept("index bench: the forward pass alone on " + images + " prepared images");
            double before = forwardSeconds(scope, prepared, batch);
            progress.accept("index bench: ./scope index on the same files");
            IndexSummary summary = Indexer.run(scope, sources, dir.resolve("bench.duckdb"), List.of(plan.layer()), batch,
                    Indexer.Listener.NONE);
            progress.accept("index bench: the forward pass alone again");
            double after = forwardSeconds(scope, prepared, batch);
            return new Result(images, batch, images / ((before + after) / 2), summary.indexed() / summary.seconds());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private double forwardSeconds(Scope scope, List<PreparedImage> prepared, int batch) throws IOException {
        long t0 = System.nanoTime();
        for (int from = 0; from < prepared.size(); from += batch) {
            List<PreparedImage> part = prepared.subList(from, Math.min(prepared.size(), from + batch));
            scope.forwardPrepared(part.stream().map(p -> "image").toList(), part, List.of(plan.layer()));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Photos' stand-ins: 500 × 375 gradients with noise, saved as JPEG as most collections are. */
    private static List<ImageSource> write(Path dir, int n) throws IOException {
        Random random = new Random(SEED);
        List<ImageSource> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(500, 375, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), 500, 375,
                    new Color(random.nextInt(0xFFFFFF))));
            g.fillRect(0, 0, 500, 375);
            for (int dot = 0; dot < 400; dot++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(500), random.nextInt(375), 4 + random.nextInt(30), 4 + random.nextInt(30));
            }
            g.dispose();
            Path file = dir.resolve(String.format(Locale.ROOT, "img-%03d.jpg", i));
            ImageIO.write(image, "jpg", file.toFile());
            out.add(ImageSource.file(file));
        }
        return out;
    }
}
