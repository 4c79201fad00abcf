package dev.scope.magics;

import dev.scope.index.ActivationIndex;
import dev.scope.index.LatentReport;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.LatentDashboard;

import java.util.List;

/**
 * {@code %scope latent}: one latent on one screen from the open index: its top images with heatmaps, histogram,
 * density and quantiles, and the latents that fire with it. Returns the {@link LatentReport}.
 */
record LatentCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("latent",
            "%scope latent <id> [--layer L] [--db FILE] [--by cls|max-patch] [--n 9]",
            new FlagSpec(List.of("layer", "db", "by", "n"), List.of()), """
                A latent's dashboard from the index: its top images with their heatmaps (recomputed from the images
                when the loaded scope has the index's weights, else the peak patch only), the histogram of its values,
                its density and quantiles, and the latents that fire with it most often.
                  --layer   an indexed layer (default: the deepest)
                  --db      an index file or Spark output folder to open (default: the one open)
                  --by      cls (default) or max-patch
                  --n       top images to show (default 9)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        ActivationIndex index = session.requireIndex(args.option("db").map(db -> PathArg.of(db, context)));
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope latent takes one latent id, e.g. %scope latent 4242 --layer 22.");
        }
        LatentReport report = IndexQuery.parse(index, args, context).report(index, session);
        return new Shown("", List.of(LatentDashboard.of(report)), report);
    }
}
