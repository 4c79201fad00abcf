package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.engine.scan.ScanSummary;
import dev.scope.engine.scan.TopImages;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.RankingViews;

import java.util.List;
import java.util.Locale;

/**
 * {@code %scope top}: the images of a folder where a latent fires most, each with its heatmap, and a histogram
 * of the latent over the folder: the engine's {@code TopImages} over a scan through the session's latent cache,
 * so asking again, for any latent of the same layer, runs nothing. Returns a {@link LatentRanking}.
 */
record TopCommand(ScopeSession session) implements Subcommand {

    static final int COLUMNS = 3;

    static final Help HELP = new Help("top",
            "%scope top <latent> [--images DIR] [--layer L] [--n 9] [--by cls|max-patch]",
            new FlagSpec(List.of("images", "layer", "n", "by"), List.of()), """
                Scans a folder (with a progress bar) and shows the images where the latent fires most, 3 to a row,
                each with its heatmap, and a histogram of the latent over all the folder's images. Files that are not
                images are skipped and counted. Folders of any size stream through; each image's latents are cached
                per (file, modification time, layer) for the loaded scope, up to a quarter of the memory, so asking
                again (about any latent) is instant. <latent> may be an int variable. Returns a LatentRanking.
                Without --images, when an index is open (%scope index), ranks every indexed image from the index
                instead (heatmaps recomputed with the loaded scope) and returns a LatentReport.
                  --images  the folder, or a list a.png,b.png
                  --layer   a loaded layer (default: the deepest)
                  --n       how many images to show (default 9)
                  --by      cls (default: the CLS token's value) or max-patch (the largest value on any patch)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        if (args.option("images").isEmpty() && session.index().isPresent()) {
            return IndexTop.show(session, args, context);
        }
        Scope scope = session.requireScope();
        String folder = args.option("images").orElseThrow(() -> new MagicException(
                "%scope top needs the images to scan: add --images DIR (a folder of PNG or JPEG files), or open an index"
                        + " (%scope index, or %scope latent --db FILE) to rank from it."));
        int layer = session.scopeLayer(args.option("layer"));
        String latent = args.onePositional("%scope top takes one latent id, e.g. %scope top 4242 --images photos/.");
        int[] ids = Values.latents(latent, context);
        if (ids.length != 1) {
            throw new MagicException("%scope top ranks images by one latent at a time; pass one id, not "
                    + latent + ".");
        }
        int n = Values.intIn(args.option("n", "9"), "--n", 1, 100);
        TopImages top = EngineCalls.call(() -> TopImages.of(scope, layer, ids[0],
                TopImages.By.parse(args.option("by", "cls")), n));
        List<ImageSource> images = EngineCalls.call(() -> ImageSource.list(folder));
        LatentRanking ranking;
        String skipped;
        try (ScanProgress progress = new ScanProgress("Scanning " + images.size() + " files at layer " + layer,
                images.size(), top)) {
            ScanSummary scan = EngineCalls.call(() -> session.cache().scan(scope, images, layer, progress));
            if (scan.images() == 0) {
                throw ScanProgress.noImages(folder, images.size());
            }
            ranking = EngineCalls.call(top::result);
            skipped = progress.skippedNote();
        }
        RankingViews views = RankingViews.of(ranking, COLUMNS, scope.isDemo());
        String text = String.format(Locale.ROOT, "%d images: %d scanned, %d from the cache%s.", ranking.files().size(),
                ranking.scanned(), ranking.cached(), skipped);
        return new Shown(text, List.of(views.grid(), views.histogram()), ranking);
    }
}
