package dev.scope.views;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Several patch heatmaps side by side, {@code columns} to a row: several latents on one image, or one latent on
 * several images. Each panel keeps its own colour scale unless the panels were built with a shared one
 * ({@link ColorScale#auto(float[]...)} over all their grids). Mark the grid as DEMO, not its panels.
 */
public final class HeatmapGrid implements View {

    private final List<PatchHeatmap> panels;
    private final int columns;
    private final String title;
    private final int scale;
    private final boolean demo;

    private HeatmapGrid(Builder b) {
        this.panels = List.copyOf(b.panels);
        this.columns = b.columns;
        this.title = b.title;
        this.scale = b.scale;
        this.demo = b.demo;
    }

    public static Builder builder(List<PatchHeatmap> panels) {
        return new Builder(panels);
    }

    public List<PatchHeatmap> panels() {
        return panels;
    }

    public int columns() {
        return columns;
    }

    @Override
    public BufferedImage toImage() {
        List<BufferedImage> images = panels.stream().map(PatchHeatmap::toImage).toList();
        BufferedImage grid = Tiles.grid(images, columns, 8, title, scale);
        return demo ? DemoMark.banner(grid, scale) : grid;
    }

    public static final class Builder extends ViewBuilder<Builder, HeatmapGrid> {
        private final List<PatchHeatmap> panels;
        private int columns = 3;
        private String title = "";
        private int scale = Png.DEFAULT_SCALE;

        private Builder(List<PatchHeatmap> panels) {
            super(HeatmapGrid::new);
            if (panels == null || panels.isEmpty()) {
                throw new IllegalArgumentException("The heatmap grid has no panels; pass at least one PatchHeatmap.");
            }
            this.panels = panels;
        }

        public Builder columns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException(columns + " columns cannot hold a heatmap; pass 1 or more columns.");
            }
            this.columns = columns;
            return this;
        }

        public Builder title(String title) {
            this.title = title == null ? "" : title;
            return this;
        }

        /** The pixel density the panels were drawn at (2 by default), so that title and gaps match them. */
        public Builder scale(int scale) {
            this.scale = Sizes.scale(scale);
            return this;
        }
    }
}
