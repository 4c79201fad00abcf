package dev.scope.engine.intervene;

import dev.scope.engine.Matrix;
import dev.scope.engine.resid.ResidEdit;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/** Interventions grouped by layer, as the {@link ResidEdit} a forward pass applies between blocks. */
final class LayerEdits implements ResidEdit {
    private final SortedMap<Integer, List<Intervention>> byLayer;
    private final SaeLayers saes;
    private final int tokens;
    private final int grid;

    LayerEdits(List<Intervention> edits, SaeLayers saes, int tokens, int grid) {
        SortedMap<Integer, List<Intervention>> m = new TreeMap<>();
        for (Intervention i : edits) {
            m.computeIfAbsent(i.layer(), l -> new java.util.ArrayList<>()).add(i);
        }
        this.byLayer = m;
        this.saes = saes;
        this.tokens = tokens;
        this.grid = grid;
    }

    @Override
    public SortedSet<Integer> blocks() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(byLayer.keySet()));
    }

    @Override
    public Matrix apply(int block, Matrix x) {
        List<Intervention> here = byLayer.get(block);
        if (here == null) {
            return x;
        }
        try {
            return apply(here, x, saes.sae(block));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The edited residual; {@code x} itself when no edit changed a value. */
    Matrix apply(List<Intervention> here, Matrix x, TopKSae sae) {
        SaeOutput z = here.stream().anyMatch(Intervention::readsLatents) ? sae.forwardVerbose(x) : null;
        int width = x.cols();
        int images = x.rows() / tokens;
        float[] out = null;
        for (Intervention edit : here) {
            int[] chosen = edit.tokens().resolve(grid);
            Matrix dec = sae.decoderRows(edit.latents());
            for (int image = 0; image < images; image++) {
                for (int t : chosen) {
                    int row = image * tokens + t;
                    out = one(edit, out, x, z, dec, row);
                }
            }
        }
        return out == null ? x : new Matrix(x.rows(), width, out);
    }

    private static float[] one(Intervention edit, float[] out, Matrix x, SaeOutput z, Matrix dec, int row) {
        if (edit instanceof Intervention.Splice s) {
            return splice(out, x, z, row, s.withError());
        }
        if (edit instanceof Intervention.Ablate a) {
            for (int j = 0; j < a.latents().length; j++) {
                out = add(out, x, row, dec, j, -value(z, row, a.latents()[j]));
            }
            return out;
        }
        if (edit instanceof Intervention.Clamp c) {
            return add(out, x, row, dec, 0, c.value() - value(z, row, c.latent()));
        }
        Intervention.Steer s = (Intervention.Steer) edit;
        return add(out, x, row, dec, 0, s.alpha());
    }

    /** Replaces a row by x̂, or x̂ + (x − x̂). */
    private static float[] splice(float[] out, Matrix x, SaeOutput z, int row, boolean withError) {
        float[] o = out == null ? x.data().clone() : out;
        int w = x.cols();
        Matrix recon = z.reconstruction();
        for (int c = 0; c < w; c++) {
            float xhat = recon.get(row, c);
            o[row * w + c] = withError ? xhat + (x.get(row, c) - xhat) : xhat;
        }
        return o;
    }

    /** Adds {@code scale · dec[j]} to a row; a zero scale changes nothing, not even by rounding. */
    private static float[] add(float[] out, Matrix x, int row, Matrix dec, int j, float scale) {
        if (scale == 0) {
            return out;
        }
        float[] o = out == null ? x.data().clone() : out;
        int w = x.cols();
        for (int c = 0; c < w; c++) {
            o[row * w + c] += scale * dec.get(j, c);
        }
        return o;
    }

    /** Latent f's value on a row: what the SAE kept, 0 where it is not among the row's top k. */
    private static float value(SaeOutput z, int row, int latent) {
        for (int j = 0; j < z.k(); j++) {
            if (z.index(row, j) == latent) {
                return z.value(row, j);
            }
        }
        return 0;
    }
}
