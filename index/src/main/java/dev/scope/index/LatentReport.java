package dev.scope.index;

import dev.scope.engine.scan.RankedImage;
import dev.scope.engine.scan.TopImages;

import java.util.List;

/**
 * Everything a latent's dashboard shows, from one call ({@link ActivationIndex#report}): its top images with
 * their crops and heatmaps, how it is spread over the images, and the latents that fire with it.
 *
 * @param top             the top images; {@link RankedImage#overTokens()} is the latent over every token,
 *                        recomputed from the image when {@code heatmaps} is true, else only its peak patch
 * @param heatmaps        whether the heatmaps were recomputed with the index's weights
 * @param note            what the reader should know (why heatmaps are peak-only, images no longer there), or ""
 */
public record LatentReport(int layer, int latent, TopImages.By by, List<RankedImage> top, LatentStats stats,
                           List<CoLatent> cooccurring, boolean heatmaps, String note, boolean demo) {

    public LatentReport {
        top = List.copyOf(top);
        cooccurring = List.copyOf(cooccurring);
    }
}
