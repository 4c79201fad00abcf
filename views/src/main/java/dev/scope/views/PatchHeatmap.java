package dev.scope.views;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one latent fires in an image: its value on every patch token, drawn as a semi-transparent colour map
 * over the crop the model saw, with a colour bar. Drawn with Java2D (XChart's heat map cannot sit on a photo).
 *
 * <pre>
 * var grid = PatchGrid.fromTokens(latentPerToken);          // 257 values, CLS first
 * var view = PatchHeatmap.builder(crop, grid)
 *         .title(PatchHeatmap.title(4242, 22, latentPerToken[0]))
 *         .build();
 * byte[] png = view.toPng();
 * </pre>
 *
 * The colour scale is {@link ColorScale#auto} unless given: viridis from 0 for non-negative maps, a diverging
 * map symmetric about 0 as soon as any value is negative.
 */
public final class PatchHeatmap implements View {

    private static final int PAD = 10;
    private static final int TITLE_HEIGHT = 22;
    private static final int FOOTER_LINE = 14;
    private static final int BAR_GAP = 10;

    private final BufferedImage crop;
    private final PatchGrid grid;
    private final String title;
    private final ColorScale colorScale;
    private final Upsampling upsampling;
    private final double opacity;
    private final int imageWidth;
    private final int scale;
    private final boolean demo;

    private PatchHeatmap(Builder b) {
        this.crop = b.crop;
        this.grid = b.grid;
        this.title = b.title;
        this.colorScale = b.colorScale != null ? b.colorScale : ColorScale.auto(b.grid.values());
        this.upsampling = b.upsampling;
        this.opacity = b.opacity;
        this.imageWidth = b.imageWidth > 0 ? b.imageWidth : b.crop.getWidth();
        this.scale = b.scale;
        this.demo = b.demo;
    }

    public static Builder builder(BufferedImage crop, PatchGrid grid) {
        return new Builder(crop, grid);
    }

    /** "Latent 4242 · Layer 22 · CLS 3.21": the usual title. */
    public static String title(int latentId, int layer, float clsValue) {
        return "Latent " + latentId + " · Layer " + layer + " · CLS " + Drawing.number(clsValue);
    }

    public PatchGrid grid() {
        return grid;
    }

    public ColorScale colorScale() {
        return colorScale;
    }

    public String title() {
        return title;
    }

    @Override
    public BufferedImage toImage() {
        int imageHeight = Math.max(1, Math.round((float) imageWidth * crop.getHeight() / crop.getWidth()));
        int width = PAD + imageWidth + BAR_GAP + Overlay.BAR_WIDTH + Overlay.BAR_LABEL_WIDTH + PAD;
        int top = PAD + (title.isEmpty() ? 0 : TITLE_HEIGHT);
        List<String> footer = footer();
        int height = top + imageHeight + FOOTER_LINE * footer.size() + 4 + PAD;

        BufferedImage image = Drawing.canvas(width * scale, height * scale);
        BufferedImage overlay = Overlay.render(crop, grid, colorScale, upsampling, opacity,
                imageWidth * scale, imageHeight * scale);
        Graphics2D g = Drawing.graphics(image);
        try {
            g.scale(scale, scale);
            if (!title.isEmpty()) {
                g.setColor(Drawing.TEXT);
                g.setFont(Drawing.fitting(g, title, Font.BOLD, 13f, width - 2 * PAD));
                Drawing.centered(g, title, width / 2.0, PAD + 14);
            }
            g.drawImage(overlay, PAD, top, imageWidth, imageHeight, null);
            Overlay.colorBar(g, colorScale, PAD + imageWidth + BAR_GAP, top, imageHeight);

            g.setFont(Drawing.font(Font.PLAIN, 10.5f));
            g.setColor(Drawing.MUTED);
            for (int i = 0; i < footer.size(); i++) {
                g.drawString(Drawing.clip(g, footer.get(i), width - 2 * PAD), PAD,
                        top + imageHeight + FOOTER_LINE * (i + 1));
            }
        } finally {
            g.dispose();
        }
        return demo ? DemoMark.banner(image, scale) : image;
    }

    /** Where the extremes are, in words: the colour bar gives the scale, this gives the place. */
    private List<String> footer() {
        int size = grid.size();
        int best = grid.argmax();
        List<String> lines = new ArrayList<>();
        lines.add(size + "×" + size + " patches · max " + Drawing.number(grid.max()) + " at row " + best / size
                + ", col " + best % size);
        if (grid.min() < 0) {
            int worst = grid.argmin();
            lines.add("min " + Drawing.number(grid.min()) + " at row " + worst / size + ", col " + worst % size);
        }
        return lines;
    }

    public static final class Builder extends OverlayBuilder<Builder, PatchHeatmap> {
        private final BufferedImage crop;
        private final PatchGrid grid;
        private String title = "";
        private int imageWidth;
        private int scale = Png.DEFAULT_SCALE;

        private Builder(BufferedImage crop, PatchGrid grid) {
            super(PatchHeatmap::new);
            if (crop == null) {
                throw new IllegalArgumentException("The image is missing; pass the crop the model saw as a BufferedImage.");
            }
            if (grid == null) {
                throw new IllegalArgumentException("The patch values are missing; pass a PatchGrid.");
            }
            this.crop = crop;
            this.grid = grid;
        }

        public Builder title(String title) {
            this.title = title == null ? "" : title;
            return this;
        }

        /** The width at which the crop is shown, in logical pixels (before the pixel density); the crop's own by default. */
        public Builder imageWidth(int logicalPixels) {
            this.imageWidth = Sizes.check("image width", logicalPixels);
            return this;
        }

        /** Pixel density: 2 (the default) draws every logical pixel as 2×2. */
        public Builder scale(int scale) {
            this.scale = Sizes.scale(scale);
            return this;
        }
    }
}
