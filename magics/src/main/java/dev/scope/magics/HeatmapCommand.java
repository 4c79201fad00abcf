package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Matrix;
import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.HeatmapGrid;
import dev.scope.views.PatchGrid;
import dev.scope.views.PatchHeatmap;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %scope heatmap}: latents over the patch tokens of the last forward result, upsampled over the crop
 * with a colour bar; several latents make a grid. Returns the patch grids as {@link Heatmaps}.
 */
final class HeatmapCommand implements Subcommand {

    static final int COLUMNS = 3;

    private final ScopeSession session;

    HeatmapCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "heatmap";
    }

    @Override
    public String usage() {
        return "%scope heatmap <latent>[,<latent>…] [--layer L] [--pre]";
    }

    @Override
    public String description() {
        return """
                Shows where a latent fires over the image's patch grid (16×16 for ViT-L/14), upsampled over the crop
                with a colour bar; the title gives the latent id, the layer and its CLS value. Several latents
                (4242,17,9) make a grid; a variable holding an int, int[] or List<Integer> gives ids computed
                in Java. Returns Heatmaps: h.grid(4242) is a PatchGrid, row-major.
                  --layer  a layer of the last result (default: its deepest)
                  --pre    the pre-activation (x − pre_b)·enc[:, f] on every patch, whether or not f made the top k,
                           instead of the SAE activation (zero where f was not kept)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("layer"), List.of("pre"));
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        ScopeResult result = session.requireResult();
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope heatmap takes the latent ids as one argument, e.g. %scope heatmap 4242"
                    + " or %scope heatmap 7,4242.");
        }
        int layer = session.resultLayer(args.option("layer"));
        LayerResult layerResult = result.layer(layer);
        int[] latents = Values.latents(args.positionals().get(0), context);
        for (int latent : latents) {
            Values.checkLatent(latent, layer, layerResult.sae().nFeatures());
        }
        boolean pre = args.has("pre");
        Matrix preActivations = pre
                ? EngineCalls.call(() -> session.requireScope().sae(layer).preActivations(layerResult.resid(), latents))
                : null;
        BufferedImage crop = result.crops().get(0);
        List<PatchGrid> grids = new ArrayList<>();
        List<PatchHeatmap> panels = new ArrayList<>();
        for (int j = 0; j < latents.length; j++) {
            float[] overTokens = pre ? column(preActivations, j) : layerResult.latentOverTokens(latents[j]);
            PatchGrid grid = PatchGrid.fromTokens(overTokens);
            grids.add(grid);
            String title = PatchHeatmap.title(latents[j], layer, overTokens[0]) + (pre ? " · pre-activation" : "");
            panels.add(PatchHeatmap.builder(crop, grid).title(title).demo(result.demo() && latents.length == 1).build());
        }
        Object view = panels.size() == 1 ? panels.get(0) : HeatmapGrid.builder(panels)
                .columns(Math.min(COLUMNS, panels.size()))
                .title("Layer " + layer + (pre ? " · pre-activations" : " · SAE activations"))
                .demo(result.demo()).build();
        return new Shown("", List.of(view), new Heatmaps(layer, pre,
                java.util.Arrays.stream(latents).boxed().toList(), grids));
    }

    private static float[] column(Matrix m, int col) {
        float[] out = new float[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            out[r] = m.get(r, col);
        }
        return out;
    }
}
