package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Layers;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.pixels.PixelValues;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.sae.SaeInput;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * The one loop over many images, behind {@link Scope#scan}: a reader thread reads and prepares the images
 * ({@link ImageBatches}, {@link #READ_AHEAD} groups ahead), this thread runs each group through CLIP and the
 * SAEs, {@link Scope#batchSize()} images per forward pass, then hands each image's result to the listener and lets it
 * go. A group is one forward batch, except in {@link SaeInput.Mode#BATCH}, where it is the
 * {@link ModelCard#BATCH_IMAGES} images whose statistics standardise the SAE's inputs: their residual streams
 * are kept until the group's statistics are known (128 × 257 × 1024 floats, 135 MB, per layer for ViT-L).
 * Unreadable inputs are skipped with their reason; an interrupt, or a listener that throws, stops the scan after
 * the current group and stops the reader.
 */
public final class Scanner {

    /** Groups read and prepared ahead of the forward pass. */
    public static final int READ_AHEAD = 2;
    /** The largest batch a scan takes: a batch's residual streams and reconstructions stay in memory. */
    public static final int MAX_BATCH = 256;

    private Scanner() {
    }

    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers,
                                  ScanListener listener) throws IOException {
        return run(scope, images, layers, SaeInput.RAW, listener);
    }

    /** As {@link #run(Scope, List, Collection, ScanListener)}, the SAEs reading their inputs as {@code input} says. */
    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers, SaeInput input,
                                  ScanListener listener) throws IOException {
        return run(scope, images, layers, input, scope.batchSize(), listener);
    }

    /**
     * As {@link #run(Scope, List, Collection, SaeInput, ScanListener)}, {@code batch} images per forward pass
     * (1 to {@link #MAX_BATCH}).
     */
    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers, SaeInput input,
                                  int batch, ScanListener listener) throws IOException {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("A batch of " + batch + " images is out of range; pass 1 to "
                    + MAX_BATCH + ".");
        }
        SortedSet<Integer> wanted = wanted(scope, layers);
        return groups(scope, images, groupSize(input, batch), batch, listener, (ready, emit) -> {
            if (input.mode() != SaeInput.Mode.BATCH) {
                ScopeResult result = scope.forwardPixels(names(ready), crops(ready), pixels(ready), wanted, input);
                emitAll(ready, result, wanted, emit);
                return;
            }
            List<List<ImageBatches.Item>> chunks = chunks(ready, batch);
            List<ResidualStream> streams = new ArrayList<>();
            for (List<ImageBatches.Item> chunk : chunks) {
                streams.add(scope.residuals(pixels(chunk), wanted));
            }
            Map<Integer, LayerStats> stats = groupStats(streams, wanted);
            for (int c = 0; c < chunks.size(); c++) {
                List<ImageBatches.Item> chunk = chunks.get(c);
                ScopeResult result = scope.encode(names(chunk), crops(chunk), pixels(chunk), streams.get(c), wanted,
                        input, stats);
                streams.set(c, null); // let the chunk's residual streams go once its images are handed on
                emitAll(chunk, result, wanted, emit);
            }
        });
    }

    /** Images per group in a mode: the card's batch in batch mode, else one forward batch of {@code batch}. */
    public static int groupSize(SaeInput input, int batch) {
        return input.mode() == SaeInput.Mode.BATCH ? ModelCard.BATCH_IMAGES : batch;
    }

    /** Each layer's statistics over all tokens of a group's residual streams. */
    static Map<Integer, LayerStats> groupStats(List<ResidualStream> streams, Collection<Integer> layers) {
        Map<Integer, LayerStats> stats = new TreeMap<>();
        for (int layer : layers) {
            LayerStats.Welford sum = new LayerStats.Welford();
            for (ResidualStream s : streams) {
                sum.add(s.residFlat(layer));
            }
            stats.put(layer, sum.stats());
        }
        return stats;
    }

    /**
     * Each layer's input statistics over every token of the images (CLIP only, no SAE), for
     * {@link SaeInput.Mode#DATASET}; {@code source} names the images in the file.
     */
    public static InputStats inputStats(Scope scope, List<ImageSource> images, Collection<Integer> layers,
                                        String source, ScanListener listener) throws IOException {
        SortedSet<Integer> wanted = wanted(scope, layers);
        SortedMap<Integer, LayerStats.Welford> sums = new TreeMap<>();
        wanted.forEach(l -> sums.put(l, new LayerStats.Welford()));
        ScanSummary summary = groups(scope, images, scope.batchSize(), scope.batchSize(), listener, (ready, emit) -> {
            ResidualStream stream = scope.residuals(pixels(ready), wanted);
            for (int layer : wanted) {
                sums.get(layer).add(stream.residFlat(layer));
            }
        });
        if (summary.scanned() == 0) {
            throw new IllegalArgumentException("None of the " + images.size() + " inputs of " + source + " could be read"
                    + " as an image, so no input statistics were estimated; pass a folder of PNG or JPEG images.");
        }
        SortedMap<Integer, LayerStats> stats = new TreeMap<>();
        sums.forEach((layer, sum) -> stats.put(layer, sum.stats()));
        return new InputStats(stats, summary.scanned(), scope.clipName(), source, null);
    }

    /** What a loop does with one group's readable images; it hands each image's result to {@code emit}, in order. */
    @FunctionalInterface
    interface GroupWork {
        void run(List<ImageBatches.Item> ready, Emitter emit) throws IOException;
    }

    @FunctionalInterface
    interface Emitter {
        void emit(ScannedImage image) throws IOException;
    }

    /**
     * The loop itself: groups of up to {@code groupSize} prepared images in input order, each given to
     * {@code work}; skipped inputs are told to the listener in their place among the images {@code work} emits,
     * then progress after each group.
     */
    static ScanSummary groups(Scope scope, List<ImageSource> images, int groupSize, int batch, ScanListener listener,
                              GroupWork work) throws IOException {
        int done = 0;
        int scanned = 0;
        int skipped = 0;
        // a group of the card's size already overlaps reading with many forward passes: read one ahead
        int readAhead = groupSize > batch ? 1 : READ_AHEAD;
        try (ImageBatches batches = new ImageBatches(images, scope.preprocessor(), groupSize, readAhead)) {
            for (ImageBatches.Batch group = batches.next(); group != null; group = batches.next()) {
                List<ImageBatches.Item> items = group.items();
                int[] next = {0}; // the first item not yet told to the listener
                if (!group.prepared().isEmpty()) {
                    work.run(group.prepared(), image -> {
                        for (; items.get(next[0]).prepared() == null; next[0]++) {
                            skip(items.get(next[0]), listener);
                        }
                        next[0]++;
                        listener.onImage(image);
                    });
                }
                for (; next[0] < items.size(); next[0]++) {
                    skip(items.get(next[0]), listener);
                }
                int groupSkipped = items.size() - group.prepared().size();
                skipped += groupSkipped;
                scanned += group.prepared().size();
                done += items.size();
                listener.onProgress(done, images.size());
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("Interrupted after " + done + " of " + images.size() + " images.");
                }
            }
        }
        return new ScanSummary(images.size(), scanned, 0, skipped);
    }

    private static void skip(ImageBatches.Item item, ScanListener listener) {
        if (item.prepared() == null) {
            listener.onSkipped(item.index(), item.source(), item.skipped());
        }
    }

    static SortedSet<Integer> wanted(Scope scope, Collection<Integer> layers) {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("No layers were given to scan at; pass at least one loaded layer.");
        }
        for (int layer : wanted) {
            Layers.require(layer, scope.layers(), Layers.LOADED);
        }
        return wanted;
    }

    /** A group's items in forward batches of {@code batch}. */
    static List<List<ImageBatches.Item>> chunks(List<ImageBatches.Item> ready, int batch) {
        List<List<ImageBatches.Item>> chunks = new ArrayList<>();
        for (int from = 0; from < ready.size(); from += batch) {
            chunks.add(ready.subList(from, Math.min(ready.size(), from + batch)));
        }
        return chunks;
    }

    static List<String> names(List<ImageBatches.Item> items) {
        return items.stream().map(i -> i.source().name()).toList();
    }

    static List<BufferedImage> crops(List<ImageBatches.Item> items) {
        return items.stream().map(i -> i.prepared().crop()).toList();
    }

    static PixelBatch pixels(List<ImageBatches.Item> items) {
        List<PixelValues> pixels = new ArrayList<>();
        for (ImageBatches.Item item : items) {
            pixels.add(item.prepared().pixels());
        }
        return PixelBatch.stack(pixels);
    }

    private static void emitAll(List<ImageBatches.Item> items, ScopeResult result, SortedSet<Integer> layers,
                                Emitter emit) throws IOException {
        for (int row = 0; row < items.size(); row++) {
            SortedMap<Integer, LayerResult> each = new TreeMap<>();
            for (int layer : layers) {
                each.put(layer, result.layer(layer, row));
            }
            ImageBatches.Item item = items.get(row);
            emit.emit(new ScannedImage(item.index(), item.source(), item.prepared().crop(), each, false, item.sha256()));
        }
    }
}
