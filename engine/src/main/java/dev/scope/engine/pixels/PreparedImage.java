package dev.scope.engine.pixels;

import java.awt.image.BufferedImage;

/**
 * One image as the model takes it: the 8-bit crop (what CLIP sees, for drawing heatmaps over) and its
 * pixel values, made from one resize and one crop.
 */
public record PreparedImage(BufferedImage crop, PixelValues pixels) {
}
