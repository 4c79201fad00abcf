package dev.scope.engine.scan;

import java.awt.image.BufferedImage;

/**
 * One image of a {@link LatentRanking}'s top: its name, the crop CLIP saw, the latent on every token
 * (CLS first, then the patches row by row) and the value it was ranked by.
 */
public record RankedImage(String name, BufferedImage crop, float[] overTokens, float value) {
}
