package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Layers;
import dev.scope.engine.Matrix;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeOutput;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reconstruction figures per layer, streamed: a scan listener that adds each image as it comes (or whole
 * forward results with {@link #add(ScopeResult)}) and keeps only sums, so any number of images fits.
 *
 * <pre>
 * jshell&gt; var sum = new MetricsAccumulator();
 * jshell&gt; scope.scan(ImageSource.list("photos/"), scope.layers(), sum);
 * jshell&gt; sum.result().layer(22).explainedVariance()
 * </pre>
 */
public final class MetricsAccumulator implements ScanListener {

    private final SortedMap<Integer, ReconstructionMetrics.Accumulator> layers = new TreeMap<>();

    @Override
    public void onImage(ScannedImage image) {
        for (Map.Entry<Integer, LayerResult> e : image.layers().entrySet()) {
            add(e.getKey(), e.getValue().resid(), e.getValue().sae());
        }
    }

    /** Every image of a forward result, at each of its layers. */
    public void add(ScopeResult result) {
        add(result, result.layers());
    }

    /** Every image of a forward result, at {@code layers} (each one of the result's). */
    public void add(ScopeResult result, Collection<Integer> layers) {
        for (int layer : layers) {
            Layers.require(layer, new TreeSet<>(result.layers()), Layers.IN_RESULT);
            add(layer, result.resid().residFlat(layer), result.sae().get(layer));
        }
    }

    public synchronized void add(int layer, Matrix x, SaeOutput out) {
        layers.computeIfAbsent(layer, l -> new ReconstructionMetrics.Accumulator()).add(x, out);
    }

    /** The figures over everything added so far. */
    public synchronized Metrics result() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Nothing was measured; add at least one image first.");
        }
        SortedMap<Integer, ReconstructionMetrics> figures = new TreeMap<>();
        layers.forEach((layer, sum) -> figures.put(layer, sum.metrics()));
        return new Metrics(figures, layers.get(layers.firstKey()).tokens());
    }
}
