package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Layers;
import dev.scope.engine.image.ImageSource;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One image of a scan: where it came from, its place in the scan's input list, the 224 crop CLIP saw,
 * its result at each layer (all tokens, CLS first), and the SHA-256 of the bytes it was decoded from
 * ({@code contentHash}, null for images without bytes and cached ones). An image answered from a
 * {@link LatentCache} has no crop (null) and, per layer, the SAE's kept latents only (no residual stream
 * or reconstruction).
 */
public record ScannedImage(int index, ImageSource source, BufferedImage crop, SortedMap<Integer, LayerResult> layers,
                           boolean cached, String contentHash) {

    public ScannedImage {
        layers = Collections.unmodifiableSortedMap(new TreeMap<>(layers));
    }

    /** An image whose bytes were not hashed. */
    public ScannedImage(int index, ImageSource source, BufferedImage crop, SortedMap<Integer, LayerResult> layers,
                        boolean cached) {
        this(index, source, crop, layers, cached, null);
    }

    public String name() {
        return source.name();
    }

    public LayerResult layer(int layer) {
        return layers.get(Layers.require(layer, new TreeSet<>(layers.keySet()), Layers.IN_RESULT));
    }

    /** The same image at another place in a list. */
    ScannedImage at(int otherIndex) {
        return new ScannedImage(otherIndex, source, crop, layers, cached, contentHash);
    }
}
