package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Matrix;
import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.SaeOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a scope's SAEs made of image files, kept between scans so that asking about another latent of the
 * same folder and layer runs nothing: per (file, size, modification time, layer), the latents the SAE kept
 * on every token (k indices and values per token), or the reason the file is not an image. Bounded by
 * {@link #maxBytes()} (a quarter of the heap by default); the least recently used entries go first.
 * Valid for one scope only: make a new cache when another scope is loaded.
 *
 * <pre>
 * jshell&gt; var cache = new LatentCache();
 * jshell&gt; var top = TopImages.of(scope, 22, 4242, TopImages.By.CLS, 9);
 * jshell&gt; cache.scan(scope, ImageSource.list("photos/"), 22, top);    // a second scan of photos/ reads the cache
 * </pre>
 */
public final class LatentCache {

    /** The share of the maximum heap the cache may hold by default. */
    public static final double HEAP_SHARE = 0.25;
    /** Bytes an entry costs beyond its arrays: the key, the record, the map's node. */
    private static final long ENTRY_OVERHEAD = 256;

    private record Key(Path file, long size, FileTime modified, int layer) {
    }

    /** Kept latents of one image (no reconstruction), or why the file is not an image. */
    private record Entry(SaeOutput latents, String notAnImage) {
        long bytes() {
            return ENTRY_OVERHEAD + (latents == null ? notAnImage.length() * 2L : 8L * latents.indices().length);
        }
    }

    private final long maxBytes;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public LatentCache() {
        this((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
    }

    public LatentCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    /**
     * Scans {@code images} at {@code layer} as {@link Scope#scan} does, answering each file the cache holds
     * from it (an image with {@code cached()} true, or a skip) and scanning the rest, which it then keeps.
     * Images come to the listener cached ones first, each with its index in {@code images}.
     */
    public ScanSummary scan(Scope scope, List<ImageSource> images, int layer, ScanListener listener) throws IOException {
        List<ImageSource> missing = new ArrayList<>();
        List<Integer> missingIndex = new ArrayList<>();
        Map<Integer, Key> keys = new HashMap<>();
        int cached = 0;
        int cachedSkips = 0;
        for (int i = 0; i < images.size(); i++) {
            ImageSource source = images.get(i);
            Optional<Key> key = key(source, layer);
            Optional<Entry> entry = key.flatMap(this::get);
            if (entry.isEmpty()) {
                key.ifPresent(k -> keys.put(missing.size(), k));
                missing.add(source);
                missingIndex.add(i);
            } else if (entry.get().latents() == null) {
                listener.onSkipped(i, source, entry.get().notAnImage());
                cachedSkips++;
            } else {
                SaeOutput latents = entry.get().latents();
                LayerResult result = new LayerResult(layer, new Matrix(latents.rows(), 0, new float[0]), latents);
                listener.onImage(new ScannedImage(i, source, null, new TreeMap<>(Map.of(layer, result)), true));
                cached++;
            }
        }
        int handled = cached + cachedSkips;
        listener.onProgress(handled, images.size());
        ScanSummary scanned = missing.isEmpty() ? new ScanSummary(0, 0, 0, 0)
                : scope.scan(missing, List.of(layer), new ScanListener() {
            @Override
            public void onImage(ScannedImage image) throws IOException {
                Key key = keys.get(image.index());
                if (key != null) {
                    put(key, new Entry(sparse(image.layer(layer).sae()), null));
                }
                listener.onImage(image.at(missingIndex.get(image.index())));
            }

            @Override
            public void onSkipped(int index, ImageSource image, String reason) {
                Key key = keys.get(index);
                if (key != null) {
                    put(key, new Entry(null, reason));
                }
                listener.onSkipped(missingIndex.get(index), image, reason);
            }

            @Override
            public void onProgress(int done, int total) {
                listener.onProgress(handled + done, images.size());
            }
        });
        return new ScanSummary(images.size(), scanned.scanned(), cached, cachedSkips + scanned.skipped());
    }

    private static Optional<Key> key(ImageSource source, int layer) throws IOException {
        if (!(source instanceof ImageSource.File file)) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return Optional.of(new Key(file.path(), a.size(), a.lastModifiedTime(), layer));
        } catch (IOException e) {
            return Optional.empty(); // reading it says what is wrong
        }
    }

    private static SaeOutput sparse(SaeOutput out) {
        return new SaeOutput(out.rows(), out.k(), out.nFeatures(), out.indices(), out.values(),
                new Matrix(out.rows(), 0, new float[0]));
    }

    private synchronized Optional<Entry> get(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    private synchronized void put(Key key, Entry entry) {
        Entry old = entries.put(key, entry);
        bytes += entry.bytes() - (old == null ? 0 : old.bytes());
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Entry dropped = eldest.next().getValue();
            eldest.remove();
            bytes -= dropped.bytes();
        }
    }
}
