package dev.scope.views;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The images where a latent fires most ({@code %scope top}): each tile is the crop with the latent's heatmap
 * over it and a caption (file name, value). All tiles share one colour scale, shown once, so that the tiles
 * compare. Pair it with an {@link ActivationHistogram} of the latent over all images.
 */
public final class TopImagesGrid implements View {

    private static final int PAD = 10;
    private static final int GAP = 8;
    private static final int TITLE_HEIGHT = 26;
    private static final int CAPTION_HEIGHT = 16;
    private static final int BAR_GAP = 12;

    private final List<TopImage> images;
    private final String title;
    private final int columns;
    private final int tileSize;
    private final ColorScale colorScale;
    private final Upsampling upsampling;
    private final double opacity;
    private final int scale;
    private final boolean demo;

    private TopImagesGrid(Builder b) {
        this.images = List.copyOf(b.images);
        this.title = b.title;
        this.columns = Math.min(b.columns, images.size());
        this.tileSize = b.tileSize;
        this.colorScale = b.colorScale != null ? b.colorScale
                : ColorScale.auto(images.stream().map(i -> i.grid().values()).toArray(float[][]::new));
        this.upsampling = b.upsampling;
        this.opacity = b.opacity;
        this.scale = b.scale;
        this.demo = b.demo;
    }

    public static Builder builder(List<TopImage> images) {
        return new Builder(images);
    }

    /** The indices of the {@code n} largest values, largest first (ties: lower index first). */
    public static int[] topIndices(float[] values, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Cannot pick the top " + n + " images; pass a count of 0 or more.");
        }
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(n).mapToInt(Integer::intValue).toArray();
    }

    public List<TopImage> images() {
        return images;
    }

    public ColorScale colorScale() {
        return colorScale;
    }

    public int columns() {
        return columns;
    }

    @Override
    public BufferedImage toImage() {
        int rows = (images.size() + columns - 1) / columns;
        int gridWidth = columns * tileSize + (columns - 1) * GAP;
        int cellHeight = tileSize + CAPTION_HEIGHT;
        int gridHeight = rows * cellHeight + (rows - 1) * GAP;
        int top = PAD + (title.isEmpty() ? 0 : TITLE_HEIGHT);
        int width = PAD + gridWidth + BAR_GAP + Overlay.BAR_WIDTH + Overlay.BAR_LABEL_WIDTH + PAD;
        int height = top + gridHeight + PAD;

        BufferedImage image = Drawing.canvas(width * scale, height * scale);
        Graphics2D g = Drawing.graphics(image);
        try {
            g.scale(scale, scale);
            if (!title.isEmpty()) {
                g.setColor(Drawing.TEXT);
                g.setFont(Drawing.fitting(g, title, Font.BOLD, 14f, width - 2 * PAD));
                Drawing.centered(g, title, width / 2.0, PAD + 16);
            }
            for (int i = 0; i < images.size(); i++) {
                TopImage tile = images.get(i);
                int x = PAD + (i % columns) * (tileSize + GAP);
                int y = top + (i / columns) * (cellHeight + GAP);
                BufferedImage overlay = Overlay.render(tile.crop(), tile.grid(), colorScale, upsampling, opacity,
                        tileSize * scale, tileSize * scale);
                g.drawImage(overlay, x, y, tileSize, tileSize, null);
                caption(g, tile, x, y + tileSize + 12);
            }
            Overlay.colorBar(g, colorScale, PAD + gridWidth + BAR_GAP, top, Math.min(gridHeight, 3 * tileSize));
        } finally {
            g.dispose();
        }
        return demo ? DemoMark.banner(image, scale) : image;
    }

    private void caption(Graphics2D g, TopImage tile, int x, int baseline) {
        g.setFont(Drawing.font(Font.BOLD, 10.5f));
        String value = Drawing.number(tile.value());
        int valueWidth = g.getFontMetrics().stringWidth(value);
        g.setColor(Drawing.TEXT);
        g.drawString(value, x + tileSize - valueWidth, baseline);
        g.setFont(Drawing.font(Font.PLAIN, 10.5f));
        g.setColor(new Color(0x444444));
        g.drawString(Drawing.clip(g, tile.name(), tileSize - valueWidth - 6), x, baseline);
    }

    public static final class Builder extends OverlayBuilder<Builder, TopImagesGrid> {
        private final List<TopImage> images;
        private String title = "";
        private int columns = 3;
        private int tileSize = 160;
        private int scale = Png.DEFAULT_SCALE;

        private Builder(List<TopImage> images) {
            super(TopImagesGrid::new);
            if (images == null || images.isEmpty()) {
                throw new IllegalArgumentException("There are no top images to show; pass at least one TopImage.");
            }
            this.images = images;
        }

        /** E.g. "Latent 4242 · Layer 22 · top 9 of 500 images by CLS value". */
        public Builder title(String title) {
            this.title = title == null ? "" : title;
            return this;
        }

        /** Tiles per row; 3 by default (a 3×3 grid for 9 images). */
        public Builder columns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException(columns + " columns cannot hold an image; pass 1 or more columns.");
            }
            this.columns = columns;
            return this;
        }

        /** Side of one tile in logical pixels (before the pixel density); 160 by default. */
        public Builder tileSize(int logicalPixels) {
            this.tileSize = Sizes.check("tile size", logicalPixels);
            return this;
        }

        public Builder scale(int scale) {
            this.scale = Sizes.scale(scale);
            return this;
        }
    }

    @Override
    public String toString() {
        return "TopImagesGrid(" + images.size() + " images, " + columns + " columns)";
    }
}
