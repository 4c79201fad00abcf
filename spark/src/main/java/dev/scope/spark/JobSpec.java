package dev.scope.spark;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Layers;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;

import java.io.Serializable;
import java.util.List;

/**
 * What each executor needs to load the same scope and scan alike, in plain text that Spark can ship: the
 * weights as the user named them, the layers, device, storage type, demo flag and batch.
 */
record JobSpec(String clip, String saes, List<Integer> layers, String device, String dtype, boolean demo, int batch)
        implements Serializable {

    static JobSpec of(ScopeSpec spec, List<Integer> layers, int batch) {
        return new JobSpec(spec.clip().toString(), spec.saes().toString(), List.copyOf(layers),
                spec.device().name(), spec.dtype().name(), spec.demo(), batch);
    }

    ScopeSpec scopeSpec() {
        return new ScopeSpec(Source.parse(clip), Source.parse(saes), Layers.of(layers), DeviceChoice.valueOf(device),
                WeightType.valueOf(dtype), demo);
    }
}
