package dev.scope.views;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Lays finished pictures out in rows and columns, with an optional title above. */
final class Tiles {

    private Tiles() {}

    /**
     * {@code images} in rows of {@code columns}, each centred in a cell as big as the largest image;
     * {@code gap} and the title's size are in logical pixels, multiplied by {@code scale}.
     */
    static BufferedImage grid(List<BufferedImage> images, int columns, int gap, String title, int scale) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("There is nothing to lay out; pass at least one picture.");
        }
        if (columns < 1) {
            throw new IllegalArgumentException(columns + " columns cannot hold a picture; pass 1 or more columns.");
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int cellWidth = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int cellHeight = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int g = gap * scale;
        int titleHeight = title == null || title.isEmpty() ? 0 : 28 * scale;
        int width = cols * cellWidth + (cols + 1) * g;
        int height = titleHeight + rows * cellHeight + (rows + 1) * g;

        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D graphics = Drawing.graphics(out);
        try {
            if (titleHeight > 0) {
                graphics.setColor(Drawing.TEXT);
                graphics.setFont(Drawing.fitting(graphics, title, Font.BOLD, 15f * scale, width - 2.0 * g));
                Drawing.centered(graphics, title, width / 2.0, g + 18 * scale);
            }
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = images.get(i);
                int x = g + (i % cols) * (cellWidth + g) + (cellWidth - image.getWidth()) / 2;
                int y = titleHeight + g + (i / cols) * (cellHeight + g) + (cellHeight - image.getHeight()) / 2;
                graphics.drawImage(image, x, y, null);
            }
        } finally {
            graphics.dispose();
        }
        return out;
    }
}
