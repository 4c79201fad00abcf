package dev.scope.engine;

import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.SaeOutput;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A batch of images through the scope: their crops, pixel values, residual streams and, per layer,
 * the SAE output over all tokens of all images (rows = image × tokens + token). {@code input} says how the SAEs
 * read the residual stream; in a standardised mode {@code stats} holds each layer's statistics used.
 */
public record ScopeResult(List<String> names, List<BufferedImage> crops, PixelBatch pixels, ResidualStream resid,
                          SortedMap<Integer, SaeOutput> sae, boolean demo, SaeInput input,
                          SortedMap<Integer, LayerStats> stats) {

    public ScopeResult {
        names = List.copyOf(names);
        crops = List.copyOf(crops);
        sae = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sae));
        stats = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(stats));
        if (input.standardises() && !stats.keySet().containsAll(sae.keySet())) {
            throw new IllegalArgumentException("A result of standardised inputs needs each layer's statistics.");
        }
    }

    /** A result of the SAEs on the raw residual stream. */
    public ScopeResult(List<String> names, List<BufferedImage> crops, PixelBatch pixels, ResidualStream resid,
                       SortedMap<Integer, SaeOutput> sae, boolean demo) {
        this(names, crops, pixels, resid, sae, demo, SaeInput.RAW, new TreeMap<>());
    }

    /** What the SAE of {@code layer} read over all images (rows = image × tokens + token): standardised in a standardised mode. */
    public Matrix saeInput(int layer) {
        Matrix flat = resid.residFlat(layer);
        LayerStats s = stats.get(layer);
        return s == null ? flat : s.standardise(flat);
    }

    public int images() {
        return resid.batch();
    }

    public List<Integer> layers() {
        return List.copyOf(sae.keySet());
    }

    /** The first image at {@code layer}. */
    public LayerResult layer(int layer) {
        return layer(layer, 0);
    }

    public LayerResult layer(int layer, int image) {
        SaeOutput all = sae.get(Layers.require(layer, new java.util.TreeSet<>(sae.keySet()), Layers.IN_RESULT));
        if (image < 0 || image >= images()) {
            throw new IllegalArgumentException("Image " + image + " is not in this result of " + images() + " images.");
        }
        int t = resid.tokens();
        int k = all.k();
        int from = image * t;
        SaeOutput one = new SaeOutput(t, k, all.nFeatures(),
                Arrays.copyOfRange(all.indices(), from * k, (from + t) * k),
                Arrays.copyOfRange(all.values(), from * k, (from + t) * k),
                all.reconstruction().rows(from, from + t));
        return new LayerResult(layer, resid.resid(layer, image), one, stats.get(layer));
    }

    @Override
    public String toString() {
        return "ScopeResult(" + images() + " image(s), layers " + sae.keySet() + ", " + resid.tokens() + " tokens"
                + (input.standardises() ? ", " + input.mode().flag() + "-standardised" : "") + (demo ? ", DEMO" : "") + ")";
    }
}
