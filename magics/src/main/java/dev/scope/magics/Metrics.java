package dev.scope.magics;

import dev.scope.views.LayerMetrics;

import java.util.List;

/**
 * What {@code %scope metrics} returns: the measured figures per layer, in layer order.
 *
 * <pre>
 * var m = %scope metrics --images photos/
 * m.layer(22).explainedVariance()
 * </pre>
 *
 * @param tokens tokens measured per layer (images × tokens per image)
 */
public record Metrics(List<LayerMetrics> layers, long tokens) {

    public Metrics {
        layers = List.copyOf(layers);
    }

    public LayerMetrics layer(int layer) {
        return layers.stream().filter(m -> m.layer() == layer).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Layer " + layer + " was not measured; these metrics have layers "
                        + layers.stream().map(LayerMetrics::layer).toList() + "."));
    }
}
