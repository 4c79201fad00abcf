package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Layers;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.pixels.PreparedImage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * The one loop over many images, behind {@link Scope#scan}: a reader thread reads and prepares the images
 * ({@link ImageBatches}, {@link #READ_AHEAD} batches ahead), this thread runs each batch of
 * {@link Scope#batchSize()} through CLIP and the SAEs, then hands each image's result to the listener and lets it
 * go. Unreadable inputs are skipped with their reason; an interrupt, or a listener that throws, stops the
 * scan after the current batch and stops the reader.
 */
public final class Scanner {

    /** Batches read and prepared ahead of the forward pass. */
    public static final int READ_AHEAD = 2;

    private Scanner() {
    }

    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers,
                                  ScanListener listener) throws IOException {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("No layers were given to scan at; pass at least one loaded layer.");
        }
        for (int layer : wanted) {
            Layers.require(layer, scope.layers(), Layers.LOADED);
        }
        int done = 0;
        int scanned = 0;
        int skipped = 0;
        try (ImageBatches batches = new ImageBatches(images, scope.preprocessor(), scope.batchSize(), READ_AHEAD)) {
            for (ImageBatches.Batch batch = batches.next(); batch != null; batch = batches.next()) {
                List<ImageBatches.Item> ready = batch.prepared();
                ScopeResult result = ready.isEmpty() ? null : forward(scope, ready, wanted);
                int r = 0;
                for (ImageBatches.Item item : batch.items()) {
                    if (item.prepared() == null) {
                        listener.onSkipped(item.index(), item.source(), item.skipped());
                        skipped++;
                    } else {
                        listener.onImage(image(item, result, r++, wanted));
                        scanned++;
                    }
                }
                done += batch.items().size();
                listener.onProgress(done, images.size());
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("Interrupted after " + done + " of " + images.size() + " images.");
                }
            }
        }
        return new ScanSummary(images.size(), scanned, 0, skipped);
    }

    private static ScopeResult forward(Scope scope, List<ImageBatches.Item> ready, SortedSet<Integer> layers)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<PreparedImage> prepared = new ArrayList<>();
        for (ImageBatches.Item item : ready) {
            names.add(item.source().name());
            prepared.add(item.prepared());
        }
        return scope.forwardPrepared(names, prepared, layers);
    }

    private static ScannedImage image(ImageBatches.Item item, ScopeResult result, int row, SortedSet<Integer> layers) {
        SortedMap<Integer, LayerResult> each = new TreeMap<>();
        for (int layer : layers) {
            each.put(layer, result.layer(layer, row));
        }
        return new ScannedImage(item.index(), item.source(), item.prepared().crop(), each, false);
    }
}
