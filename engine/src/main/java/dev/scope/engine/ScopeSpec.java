package dev.scope.engine;

import dev.scope.engine.hub.Source;
import dev.scope.engine.hub.WeightSources;

import java.util.List;

/**
 * What to load: where CLIP and the SAEs come from (Hugging Face repo ids or local folders), which
 * layers (empty = every layer the SAE source has), the device and the weight storage type.
 *
 * <pre>
 * jshell&gt; var spec = ScopeSpec.defaults().withLayers(List.of(22));
 * </pre>
 */
public record ScopeSpec(Source clip, Source saes, List<Integer> layers, DeviceChoice device, WeightType dtype) {

    public ScopeSpec {
        layers = List.copyOf(layers);
    }

    /** The real scope: {@code SCOPE_CLIP} / {@code SCOPE_SAES} when set, else the Hugging Face repos. */
    public static ScopeSpec defaults() {
        WeightSources w = WeightSources.fromEnvironment();
        return new ScopeSpec(w.clip(), w.saes(), List.of(), DeviceChoice.AUTO, WeightType.FLOAT32);
    }

    public ScopeSpec withClip(Source clip) {
        return new ScopeSpec(clip, saes, layers, device, dtype);
    }

    public ScopeSpec withSaes(Source saes) {
        return new ScopeSpec(clip, saes, layers, device, dtype);
    }

    public ScopeSpec withLayers(List<Integer> layers) {
        return new ScopeSpec(clip, saes, layers, device, dtype);
    }

    public ScopeSpec withDevice(DeviceChoice device) {
        return new ScopeSpec(clip, saes, layers, device, dtype);
    }

    public ScopeSpec withDtype(WeightType dtype) {
        return new ScopeSpec(clip, saes, layers, device, dtype);
    }
}
