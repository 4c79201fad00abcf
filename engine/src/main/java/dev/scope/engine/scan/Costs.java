package dev.scope.engine.scan;

import dev.scope.engine.Layers;
import dev.scope.engine.sae.SaeInput;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each layer's {@link SubstitutionCost} over a set of images, in layer order: what the scope's SAEs cost CLIP's
 * zero-shot head ({@code Scope.cost}). {@code images} is 0, with no layers, when no image could be read.
 *
 * <pre>
 * var c = %scope cost --images photos/
 * c.layer(22).shareRecovered()
 * </pre>
 */
public record Costs(SortedMap<Integer, SubstitutionCost> byLayer, int images, int prompts, SaeInput input, boolean demo,
                    List<String> notes) {

    public Costs {
        byLayer = Collections.unmodifiableSortedMap(new TreeMap<>(byLayer));
        notes = List.copyOf(notes);
    }

    public List<Integer> layers() {
        return List.copyOf(byLayer.keySet());
    }

    public SubstitutionCost layer(int layer) {
        return byLayer.get(Layers.require(layer, new TreeSet<>(byLayer.keySet()), "the measured layers"));
    }
}
