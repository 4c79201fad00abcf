package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Matrix;
import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.Heatmaps;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code %scope heatmap}: latents over the patch tokens of the last forward result, upsampled over the crop
 * with a colour bar; several latents make a grid. Returns the patch grids as {@link Heatmaps}.
 */
record HeatmapCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("heatmap",
            "%scope heatmap <latent>[,<latent>…] [--layer L] [--pre]",
            new FlagSpec(List.of("layer"), List.of("pre")), """
                Shows where a latent fires over the image's patch grid (16×16 for ViT-L/14), upsampled over the crop
                with a colour bar; the title gives the latent id, the layer and its CLS value. Several latents
                (4242,17,9) make a grid; a variable holding an int, int[] or List<Integer> gives ids computed
                in Java. Returns Heatmaps: h.grid(4242) is a PatchGrid, row-major.
                  --layer  a layer of the last result (default: its deepest)
                  --pre    the pre-activation (x − pre_b)·enc[:, f] on every patch, whether or not f made the top k,
                           instead of the SAE activation (zero where f was not kept)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        int layer = session.resultLayer(args.option("layer"));
        LayerResult layerResult = result.layer(layer);
        int[] latents = Values.latents(args.onePositional("%scope heatmap takes the latent ids as one argument,"
                + " e.g. %scope heatmap 4242 or %scope heatmap 7,4242."), context);
        for (int latent : latents) {
            Values.checkLatent(latent, layerResult.sae().nFeatures());
        }
        boolean pre = args.has("pre");
        Matrix preActivations = pre
                ? EngineCalls.call(() -> session.requireScope().sae(layer).preActivations(layerResult.resid(), latents))
                : null;
        List<float[]> overTokens = new ArrayList<>();
        for (int j = 0; j < latents.length; j++) {
            overTokens.add(pre ? preActivations.column(j) : layerResult.latentOverTokens(latents[j]));
        }
        Heatmaps heatmaps = Heatmaps.of(result.crops().get(0), layer, latents, overTokens, pre, result.demo());
        return new Shown("", List.of(heatmaps.view()), heatmaps);
    }
}
