package dev.scope.engine.intervene;

import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.TopKSae;

import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;

/** The layers that have an SAE, each layer's SAE (loaded when asked for), and how it reads its inputs. */
public interface SaeLayers {
    SortedSet<Integer> layers();

    TopKSae sae(int layer) throws IOException;

    /** The statistics the layer's SAE standardises its inputs with; null when it reads them raw. */
    default LayerStats standardisation(int layer) {
        return null;
    }

    /** These SAEs reading the given layers' inputs standardised with {@code stats} (others raw). */
    default SaeLayers standardisedBy(Map<Integer, LayerStats> stats) {
        SaeLayers base = this;
        return new SaeLayers() {
            @Override
            public SortedSet<Integer> layers() {
                return base.layers();
            }

            @Override
            public TopKSae sae(int layer) throws IOException {
                return base.sae(layer);
            }

            @Override
            public LayerStats standardisation(int layer) {
                return stats.get(layer);
            }
        };
    }
}
