package dev.scope.engine;

import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.LatentActivation;
import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeOutput;

import java.util.List;

/**
 * One image at one layer: the residual stream (tokens × d_in, in {@link TokenLayout} order) and what the layer's SAE made
 * of it. Mirrors clipscope's {@code forward_verbose} result. When the SAE ran on standardised inputs
 * ({@link dev.scope.engine.sae.SaeInput}), {@code stats} holds the statistics used: the SAE saw {@link #saeInput()}, and
 * its latents and reconstruction are in that space; {@code resid} is always the residual stream as CLIP made it.
 *
 * <pre>
 * jshell&gt; r.layer(22).latent().shape()           // [257, 65536]
 * jshell&gt; r.layer(22).topLatents(0, 5)            // the CLS token's five strongest latents
 * </pre>
 */
public record LayerResult(int layer, Matrix resid, SaeOutput sae, LayerStats stats) {

    /** A result of the SAE on the raw residual stream. */
    public LayerResult(int layer, Matrix resid, SaeOutput sae) {
        this(layer, resid, sae, null);
    }

    /** What the SAE read: the residual stream, standardised when the SAE ran in a standardised mode. */
    public Matrix saeInput() {
        return stats == null ? resid : stats.standardise(resid);
    }

    /** The reconstruction in the residual stream's own space (destandardised in a standardised mode). */
    public Matrix residReconstruction() {
        return stats == null ? sae.reconstruction() : stats.destandardise(sae.reconstruction());
    }

    /** The reconstruction figures of this image at this layer, in the SAE's input space. */
    public ReconstructionMetrics metrics() {
        return ReconstructionMetrics.of(saeInput(), sae);
    }

    public Matrix latent() {
        return sae.latent();
    }

    public Matrix reconstruction() {
        return sae.reconstruction();
    }

    public List<LatentActivation> topLatents(int token, int n) {
        return sae.topLatents(token, n);
    }

    /** One latent over the tokens, in {@link TokenLayout} order: CLS first, then the patches row by row. */
    public float[] latentOverTokens(int latent) {
        return sae.latentColumn(latent);
    }

    /** The CLS token alone, as clipscope's README shows it: latent (1, n_features), reconstruction (1, d_in). */
    public LayerResult cls() {
        return token(0);
    }

    public LayerResult token(int token) {
        if (resid.rows() == 1 && token == TokenLayout.CLS) {
            return this;
        }
        TokenLayout.ofTokens(resid.rows()).requireToken(token);
        int k = sae.k();
        int[] idx = java.util.Arrays.copyOfRange(sae.indices(), token * k, (token + 1) * k);
        float[] val = java.util.Arrays.copyOfRange(sae.values(), token * k, (token + 1) * k);
        return new LayerResult(layer, resid.rows(token, token + 1),
                new SaeOutput(1, k, sae.nFeatures(), idx, val, sae.reconstruction().rows(token, token + 1)), stats);
    }

    @Override
    public String toString() {
        return "LayerResult(layer " + layer + ", resid " + resid.rows() + "×" + resid.cols() + ", k " + sae.k()
                + " of " + sae.nFeatures() + " latents" + (stats == null ? "" : ", standardised inputs") + ")";
    }
}
