package dev.scope.engine.intervene;

import dev.scope.engine.sae.TopKSae;

import java.io.IOException;
import java.util.SortedSet;

/** The layers that have an SAE, and each layer's SAE (loaded when asked for). */
public interface SaeLayers {
    SortedSet<Integer> layers();

    TopKSae sae(int layer) throws IOException;
}
