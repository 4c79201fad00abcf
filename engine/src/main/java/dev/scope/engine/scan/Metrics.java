package dev.scope.engine.scan;

import dev.scope.engine.Layers;
import dev.scope.engine.sae.ReconstructionMetrics;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each layer's reconstruction figures over a set of images ({@link MetricsAccumulator#result()}), in layer order.
 *
 * <pre>
 * var m = %scope metrics --images photos/
 * m.layer(22).explainedVariance()
 * </pre>
 *
 * @param tokens tokens measured per layer (images × tokens per image)
 */
public record Metrics(SortedMap<Integer, ReconstructionMetrics> byLayer, long tokens) {

    public Metrics {
        byLayer = Collections.unmodifiableSortedMap(new TreeMap<>(byLayer));
    }

    /** The measured layers, in order. */
    public List<Integer> layers() {
        return List.copyOf(byLayer.keySet());
    }

    public ReconstructionMetrics layer(int layer) {
        return byLayer.get(Layers.require(layer, new TreeSet<>(byLayer.keySet()), "the measured layers"));
    }
}
