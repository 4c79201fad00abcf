package dev.scope.magics;

import dev.scope.views.PatchGrid;

import java.util.Arrays;
import java.util.List;

/**
 * What {@code %scope heatmap} returns: each latent's values over the patch grid (row-major), in the order asked.
 *
 * <pre>
 * var h = %scope heatmap 4242,17
 * h.grid(4242).get(3, 7)     // latent 4242 on the patch at row 3, column 7
 * </pre>
 *
 * @param pre whether the grids are pre-activations rather than SAE activations
 */
public record Heatmaps(int layer, boolean pre, List<Integer> latents, List<PatchGrid> grids) {

    public Heatmaps {
        latents = List.copyOf(latents);
        grids = List.copyOf(grids);
    }

    public PatchGrid grid(int latent) {
        int i = latents.indexOf(latent);
        if (i < 0) {
            throw new IllegalArgumentException("Latent " + latent + " is not among these heatmaps' latents " + latents + ".");
        }
        return grids.get(i);
    }

    @Override
    public String toString() {
        return "Heatmaps(layer " + layer + (pre ? ", pre-activations" : "") + ", latents "
                + Arrays.toString(latents.stream().mapToInt(Integer::intValue).toArray()) + ")";
    }
}
