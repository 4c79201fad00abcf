package dev.scope.views;

import dev.scope.engine.scan.LatentRanking;
import java.util.List;

/**
 * The two views of a {@link LatentRanking} ({@code %scope top}): the top images with their heatmaps, and a
 * histogram of the latent over every image ranked.
 *
 * <pre>
 * var views = RankingViews.of(ranking, 3, false);
 * views.grid().toPng(); views.histogram().toPng();
 * </pre>
 */
public record RankingViews(TopImagesGrid grid, ActivationHistogram histogram) {

    public static RankingViews of(LatentRanking ranking, int columns, boolean demo) {
        String what = "Latent " + ranking.latent() + " · Layer " + ranking.layer();
        List<TopImage> top = ranking.top().stream().map(TopImage::of).toList();
        TopImagesGrid grid = TopImagesGrid.builder(top)
                .title(what + " · top " + top.size() + " by " + ranking.by().label())
                .columns(Math.min(columns, top.size())).demo(demo).build();
        ActivationHistogram histogram = ActivationHistogram.builder(ranking.valueArray())
                .title(what + " over " + ranking.files().size() + " images")
                .valueLabel(ranking.by().label() + " of latent " + ranking.latent()).demo(demo).build();
        return new RankingViews(grid, histogram);
    }
}
