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
 * {@link #BATCH} through CLIP and the SAEs, then hands each image's result to the listener and lets it
 * go. Unreadable inputs are skipped with their reason; an interrupt, or a listener that throws, stops the
 * scan after the current batch and stops the reader.
 */
public final class Scanner {

    /** Images per forward pass: bounds memory on a small notebook server. */
    public static final int BATCH = 8;
    /** Batches read and prepared ahead of the forward pass. */
    public static final int READ_AHEAD = 2;
    /** The largest batch a scan takes: a batch's residual streams and reconstructions stay in memory. */
    public static final int MAX_BATCH = 256;

    private Scanner() {
    }

    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers,
                                  ScanListener listener) throws IOException {
        return run(scope, images, layers, BATCH, listener);
    }

    /** As {@link #run(Scope, List, Collection, ScanListener)}, {@code batch} images per forward pass. */
    public static ScanSummary run(Scope scope, List<ImageSource> images, Collection<Integer> layers, int batch,
                                  ScanListener listener) throws IOException {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("A batch of " + batch + " images is out of range; pass 1 to "
                    + MAX_BATCH + ".");
        }
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
        try (ImageBatches batches = new ImageBatches(images, scope.preprocessor(), batch, READ_AHEAD)) {
            for (ImageBatches.Batch next = batches.next(); next != null; next = batches.next()) {
                List<ImageBatches.Item> ready = next.prepared();
                ScopeResult result = ready.isEmpty() ? null : forward(scope, ready, wanted);
                int r = 0;
                for (ImageBatches.Item item : next.items()) {
                    if (item.prepared() == null) {
                        listener.onSkipped(item.index(), item.source(), item.skipped());
                        skipped++;
                    } else {
                        listener.onImage(image(item, result, r++, wanted));
                        scanned++;
                    }
                }
                done += next.items().size();
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
        return new ScannedImage(item.index(), item.source(), item.prepared().crop(), each, false, item.sha256());
    }
}
