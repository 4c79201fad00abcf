package dev.scope.views;

import dev.scope.engine.scan.RankedImage;
import java.awt.image.BufferedImage;

/**
 * One image where a latent fires: the crop the model saw, the latent's value on each patch, and the value that
 * ranked the image (e.g. the CLS value or the patch maximum — the caller decides and says so in the title).
 */
public record TopImage(String name, BufferedImage crop, PatchGrid grid, float value) {

    public TopImage {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A top image has no name; pass its file name for the caption.");
        }
        if (crop == null || grid == null) {
            throw new IllegalArgumentException("Top image " + name + " is missing its crop or its patch grid; pass both.");
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("Top image " + name + " has value " + value + "; pass a finite number.");
        }
    }

    /** One of the engine's ranked images, its latent over the patch grid. */
    public static TopImage of(RankedImage image) {
        return new TopImage(image.name(), image.crop(), PatchGrid.fromTokens(image.overTokens()), image.value());
    }
}
