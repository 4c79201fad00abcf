package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.ActiveLatents;
import dev.scope.views.ActiveLatentsChart;
import dev.scope.views.LatentStemPlot;
import dev.scope.views.LatentTable;
import dev.scope.views.TokenContext;

import java.util.List;

/**
 * {@code %scope latents}: one token's active latents in the last forward result, as sorted bars (or stems over
 * every latent id) and a table with each latent's share of the L1 norm. Returns the latents shown.
 */
record LatentsCommand(ScopeSession session) implements Subcommand {

    static final int DEFAULT_TOP = 32;

    static final Help HELP = new Help("latents",
            "%scope latents [--layer L] [--token cls|N|row,col|mean] [--top 32] [--all]",
            new FlagSpec(List.of("layer", "token", "top"), List.of("all")), """
                Shows the active latents of one token of the last forward result as a sorted bar chart with their ids,
                and a table of id, value and share of the L1 norm. Returns the latents shown (ActiveLatents).
                  --layer  a layer of the last result (default: its deepest)
                  --token  cls (default), a token number N (0 is CLS, 1.. the patches row by row), a patch as row,col,
                           or mean: the mean over the patch tokens of the dense latent vector, ranked the same way
                  --top    how many of the largest latents to show (default 32)
                  --all    a stem plot over all latent ids instead of the bars""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        args.onlyFlags("e.g. %scope latents --token 3,7.");
        ScopeResult result = session.requireResult();
        int layer = session.resultLayer(args.option("layer"));
        LayerResult layerResult = result.layer(layer);
        int nFeatures = layerResult.sae().nFeatures();
        int top = Values.intIn(args.option("top", String.valueOf(DEFAULT_TOP)), "--top", 1, nFeatures);
        TokenLayout layout = session.requireScope().clipConfig().tokenLayout();
        TokenChoice token = TokenChoice.parse(args.option("token", "cls"));
        ActiveLatents active = ActiveLatents.fromDense(token.denseLatents(layerResult, layout)).sortedByValue();
        ActiveLatents shown = active.first(top);
        TokenContext where = token.context(layer, layout);
        Object chart = args.has("all")
                ? LatentStemPlot.builder(active, nFeatures).context(where).demo(result.demo()).build()
                : ActiveLatentsChart.builder(shown).context(where).demo(result.demo()).build();
        String note = active.count() > shown.count() ? "Showing the top " + shown.count() + " of " + active.count()
                + " active latents; shares of L1 are of the latents shown." : "";
        return new Shown(note, List.of(chart, LatentTable.view(shown, where, result.demo())), shown);
    }
}
