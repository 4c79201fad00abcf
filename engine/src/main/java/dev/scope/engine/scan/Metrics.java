package dev.scope.engine.scan;

import dev.scope.engine.Layers;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.TrainingCounters;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each layer's reconstruction figures over a set of images ({@link MetricsAccumulator#result()}), in layer order,
 * measured in the space of {@code input}, with each checkpoint's training counters beside them where known.
 *
 * <pre>
 * var m = %scope metrics --images photos/ --standardise batch
 * m.layer(22).explainedVariance()
 * </pre>
 *
 * @param tokens tokens measured per layer (images × tokens per image)
 * @param images images measured (0 when only matrices were added)
 */
public record Metrics(SortedMap<Integer, ReconstructionMetrics> byLayer, long tokens, int images, SaeInput input,
                      SortedMap<Integer, TrainingCounters> training) {

    public Metrics {
        byLayer = Collections.unmodifiableSortedMap(new TreeMap<>(byLayer));
        training = Collections.unmodifiableSortedMap(new TreeMap<>(training));
    }

    /** Nothing measured: no image could be read. */
    public static Metrics none(SaeInput input) {
        return new Metrics(new TreeMap<>(), 0, 0, input, new TreeMap<>());
    }

    /** The same figures with the checkpoints' training counters beside them. */
    public Metrics withTraining(SortedMap<Integer, TrainingCounters> counters) {
        return new Metrics(byLayer, tokens, images, input, counters);
    }

    /** The measured layers, in order. */
    public List<Integer> layers() {
        return List.copyOf(byLayer.keySet());
    }

    public ReconstructionMetrics layer(int layer) {
        return byLayer.get(Layers.require(layer, new TreeSet<>(byLayer.keySet()), "the measured layers"));
    }

    /** The layer's checkpoint counters ({@link TrainingCounters#NONE} when unknown). */
    public TrainingCounters trainingOf(int layer) {
        return training.getOrDefault(layer, TrainingCounters.NONE);
    }
}
