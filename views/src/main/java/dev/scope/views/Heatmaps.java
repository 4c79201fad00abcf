package dev.scope.views;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code %scope heatmap} returns and draws: each latent's values over the patch grid (row-major), in the
 * order asked, over one crop; one latent is one {@link PatchHeatmap}, several a {@link HeatmapGrid}.
 *
 * <pre>
 * var h = %scope heatmap 4242,17
 * h.grid(4242).get(3, 7)     // latent 4242 on the patch at row 3, column 7
 * </pre>
 *
 * @param pre whether the grids are pre-activations rather than SAE activations
 */
public record Heatmaps(int layer, boolean pre, List<Integer> latents, List<PatchGrid> grids, List<Float> clsValues,
                       BufferedImage crop, boolean demo) {

    static final int COLUMNS = 3;

    public Heatmaps {
        latents = List.copyOf(latents);
        grids = List.copyOf(grids);
        clsValues = List.copyOf(clsValues);
    }

    /** The heatmaps of {@code latents}, each given by its values over all tokens (CLS first). */
    public static Heatmaps of(BufferedImage crop, int layer, int[] latents, List<float[]> overTokens, boolean pre,
                              boolean demo) {
        List<PatchGrid> grids = new ArrayList<>();
        List<Float> cls = new ArrayList<>();
        for (float[] values : overTokens) {
            grids.add(PatchGrid.fromTokens(values));
            cls.add(values[0]);
        }
        return new Heatmaps(layer, pre, Arrays.stream(latents).boxed().toList(), grids, cls, crop, demo);
    }

    public PatchGrid grid(int latent) {
        int i = latents.indexOf(latent);
        if (i < 0) {
            throw new IllegalArgumentException("Latent " + latent + " is not among these heatmaps' latents " + latents + ".");
        }
        return grids.get(i);
    }

    /** One panel, or a grid of panels 3 to a row, titled with each latent, the layer and its CLS value. */
    public View view() {
        List<PatchHeatmap> panels = new ArrayList<>();
        for (int j = 0; j < latents.size(); j++) {
            String title = PatchHeatmap.title(latents.get(j), layer, clsValues.get(j)) + (pre ? " · pre-activation" : "");
            panels.add(PatchHeatmap.builder(crop, grids.get(j)).title(title).demo(demo && latents.size() == 1).build());
        }
        return panels.size() == 1 ? panels.get(0) : HeatmapGrid.builder(panels).columns(Math.min(COLUMNS, panels.size()))
                .title("Layer " + layer + (pre ? " · pre-activations" : " · SAE activations")).demo(demo).build();
    }

    @Override
    public String toString() {
        return "Heatmaps(layer " + layer + (pre ? ", pre-activations" : "") + ", latents " + latents + ")";
    }
}
