package dev.scope.magics;

import dev.scope.engine.scan.TopImages;
import dev.scope.index.ActivationIndex;
import dev.scope.index.LatentReport;
import dev.scope.kernel.ext.MagicContext;

import java.util.List;

/** What {@code %scope latent} and {@code %scope top} (on an open index) ask the index: one latent's report. */
record IndexQuery(int layer, int latent, TopImages.By by, int n) {

    /** The latent (first positional), --layer (default: the index's deepest), --by (default cls) and --n (default 9). */
    static IndexQuery parse(ActivationIndex index, ParsedArgs args, MagicContext context) {
        List<Integer> layers = index.layers();
        int layer = args.option("layer").map(l -> Values.intIn(l, "--layer", 0, Integer.MAX_VALUE))
                .orElse(layers.get(layers.size() - 1));
        int latent = Values.latents(args.positionals().get(0), context)[0];
        TopImages.By by = EngineCalls.call(() -> TopImages.By.parse(args.option("by", "cls")));
        int n = Values.intIn(args.option("n", "9"), "--n", 1, 100);
        return new IndexQuery(layer, latent, by, n);
    }

    /** The report, with heatmaps recomputed when the session's scope has the index's weights. */
    LatentReport report(ActivationIndex index, ScopeSession session) {
        return EngineCalls.call(() -> index.report(layer, latent, by, n, session.scope()));
    }
}
