package dev.scope.engine.scan;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Layers;
import dev.scope.engine.Matrix;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.SaeOutput;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reconstruction figures per layer, streamed: a scan listener that adds each image as it comes (or whole
 * forward results with {@link #add(ScopeResult)}) and keeps only sums, so any number of images fits. Each
 * image is measured in its SAE's input space ({@link LayerResult#saeInput()}): scan in the mode given here.
 *
 * <pre>
 * jshell&gt; var sum = new MetricsAccumulator(SaeInput.BATCH);
 * jshell&gt; scope.scan(ImageSource.list("photos/"), scope.layers(), SaeInput.BATCH, sum);
 * jshell&gt; sum.result().layer(22).explainedVariance()
 * </pre>
 */
public final class MetricsAccumulator implements ScanListener {

    private final SortedMap<Integer, ReconstructionMetrics.Accumulator> layers = new TreeMap<>();
    private final SaeInput input;
    private int images;

    public MetricsAccumulator() {
        this(SaeInput.RAW);
    }

    /** Sums of images scanned in {@code input}'s mode (the mode the figures are labelled with). */
    public MetricsAccumulator(SaeInput input) {
        this.input = input;
    }

    @Override
    public synchronized void onImage(ScannedImage image) {
        for (Map.Entry<Integer, LayerResult> e : image.layers().entrySet()) {
            add(e.getKey(), e.getValue().saeInput(), e.getValue().sae());
        }
        images++;
    }

    /** Every image of a forward result, at each of its layers. */
    public void add(ScopeResult result) {
        add(result, result.layers());
    }

    /** Every image of a forward result, at {@code layers} (each one of the result's). */
    public synchronized void add(ScopeResult result, Collection<Integer> layers) {
        for (int layer : layers) {
            Layers.require(layer, new TreeSet<>(result.layers()), Layers.IN_RESULT);
            add(layer, result.saeInput(layer), result.sae().get(layer));
        }
        images += result.images();
    }

    /** One layer's SAE inputs {@code x} (in the mode's space) and what the SAE made of them. */
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
        return new Metrics(figures, layers.get(layers.firstKey()).tokens(), images, input, new TreeMap<>());
    }
}
