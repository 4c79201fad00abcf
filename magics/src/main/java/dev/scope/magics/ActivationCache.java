package dev.scope.magics;

import dev.scope.engine.Matrix;
import dev.scope.engine.sae.SaeOutput;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code %scope top}'s memory of what each image's SAE made of it, per (folder, layer, file, modification time),
 * so that asking about another latent of the same folder needs no forward pass. Kept in memory for the loaded
 * scope only (a new load clears it), at most {@link #MAX_IMAGES} entries, least recently used dropped first.
 */
final class ActivationCache {

    static final int MAX_IMAGES = 20_000;

    record Key(Path folder, int layer, String file, FileTime modified) {
    }

    /** One image's latents (sparse, all tokens), or empty when the file is not an image. */
    record Cached(Optional<SaeOutput> latents) {
    }

    private final Map<Key, Cached> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            return size() > MAX_IMAGES;
        }
    };

    synchronized Optional<Cached> get(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Keeps the kept latents only: the reconstruction (d_in floats per token) is dropped to save memory. */
    synchronized void putLatents(Key key, SaeOutput out) {
        SaeOutput sparse = new SaeOutput(out.rows(), out.k(), out.nFeatures(), out.indices(), out.values(),
                new Matrix(out.rows(), 0, new float[0]));
        entries.put(key, new Cached(Optional.of(sparse)));
    }

    synchronized void putNotAnImage(Key key) {
        entries.put(key, new Cached(Optional.empty()));
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
