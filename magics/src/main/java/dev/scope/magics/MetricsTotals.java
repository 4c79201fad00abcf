package dev.scope.magics;

import dev.scope.engine.Matrix;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.views.LayerMetrics;

/**
 * One layer's {@link ReconstructionMetrics} over several batches: the per-token means weighted by each batch's
 * token count, and the latents active anywhere in any batch. With one batch it is exactly the engine's figures.
 */
final class MetricsTotals {

    private final int layer;
    private boolean[] active;
    private long tokens;
    private double mseSum;
    private double explainedSum;
    private double l0Sum;

    MetricsTotals(int layer) {
        this.layer = layer;
    }

    void add(Matrix x, SaeOutput out) {
        ReconstructionMetrics m = ReconstructionMetrics.of(x, out);
        if (active == null) {
            active = new boolean[out.nFeatures()];
        }
        for (int f : out.activeLatents()) {
            active[f] = true;
        }
        tokens += out.rows();
        mseSum += m.mse() * out.rows();
        explainedSum += m.explainedVariance() * out.rows();
        l0Sum += m.l0() * out.rows();
    }

    long tokens() {
        return tokens;
    }

    LayerMetrics metrics() {
        if (tokens == 0) {
            throw new IllegalStateException("No tokens were measured at layer " + layer + ".");
        }
        int fired = 0;
        for (boolean a : active) {
            fired += a ? 1 : 0;
        }
        double fraction = (double) fired / active.length;
        return new LayerMetrics(layer, mseSum / tokens, explainedSum / tokens, l0Sum / tokens, fraction, 1 - fraction);
    }
}
