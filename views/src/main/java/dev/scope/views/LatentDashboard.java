package dev.scope.views;

import dev.scope.engine.scan.RankedImage;
import dev.scope.index.LatentReport;
import dev.scope.index.LatentStats;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One latent on one screen ({@code %scope latent}): its top images with their heatmaps, the histogram of its
 * values where it fires, its density and quantiles, and the latents that fire with it, all from one
 * {@link LatentReport}.
 */
public final class LatentDashboard implements View {

    private static final int PAD = 12;

    private final LatentReport report;
    private final TopImagesGrid grid;
    private final ActivationHistogram histogram;
    private final CoLatentChart companions;

    private LatentDashboard(LatentReport report) {
        this.report = report;
        String by = report.by().label();
        List<TopImage> tops = new ArrayList<>();
        for (RankedImage r : report.top()) {
            tops.add(new TopImage(r.name(), r.crop(), PatchGrid.fromTokens(r.overTokens()), r.value()));
        }
        this.grid = tops.isEmpty() ? null : TopImagesGrid.builder(tops).columns(Math.min(3, tops.size())).tileSize(150)
                .title("top " + tops.size() + " by " + by + (report.heatmaps() ? "" : " (peak patch only)")).build();
        LatentStats stats = report.stats();
        this.histogram = stats.values().length == 0 ? null : ActivationHistogram.builder(stats.values())
                .title(by + " where it fires (" + stats.active() + " images)").valueLabel(by).size(520, 280).build();
        this.companions = report.cooccurring().isEmpty() ? null
                : CoLatentChart.of(report.cooccurring(), "fires most often with", 520, 280, false);
    }

    public static LatentDashboard of(LatentReport report) {
        return new LatentDashboard(report);
    }

    public LatentReport report() {
        return report;
    }

    /** The line under the title: density and quantiles. */
    public String summary() {
        LatentStats s = report.stats();
        String spread = s.active() == 0 ? "never fires on the indexed images"
                : String.format(Locale.ROOT, "density %.2f%% (%,d of %,d images) · p50 %s · p90 %s · p99 %s · max %s",
                100 * s.density(), s.active(), s.images(), Drawing.number(s.quantile(0.5)), Drawing.number(s.quantile(0.9)),
                Drawing.number(s.quantile(0.99)), Drawing.number(s.max()));
        return spread + (report.note().isEmpty() ? "" : " · " + report.note());
    }

    @Override
    public BufferedImage toImage() {
        int scale = Png.DEFAULT_SCALE;
        BufferedImage left = grid == null ? null : grid.toImage();
        BufferedImage hist = histogram == null ? null : histogram.toImage();
        BufferedImage co = companions == null ? null : companions.toImage();
        int rightWidth = 520 * scale;
        int leftWidth = left == null ? 0 : left.getWidth();
        int rightHeight = (hist == null ? 40 * scale : hist.getHeight()) + (co == null ? 0 : co.getHeight());
        int top = (PAD + 26 + 18) * scale;
        int width = leftWidth + rightWidth + 3 * PAD * scale;
        int height = top + Math.max(left == null ? 0 : left.getHeight(), rightHeight) + PAD * scale;
        BufferedImage image = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(image);
        try {
            g.setColor(Drawing.TEXT);
            String title = "Latent " + report.latent() + " · Layer " + report.layer();
            g.setFont(Drawing.font(Font.BOLD, 16f * scale));
            g.drawString(title, PAD * scale, (PAD + 18) * scale);
            g.setFont(Drawing.font(Font.PLAIN, 11f * scale));
            g.setColor(Drawing.MUTED);
            g.drawString(Drawing.clip(g, summary(), width - 2 * PAD * scale), PAD * scale, (PAD + 38) * scale);
            int x = PAD * scale;
            if (left != null) {
                g.drawImage(left, x, top, null);
                x += leftWidth + PAD * scale;
            }
            int y = top;
            if (hist != null) {
                g.drawImage(hist, x, y, null);
                y += hist.getHeight();
            } else {
                g.setColor(Drawing.MUTED);
                g.drawString("no values: the latent is never active here", x, y + 24 * scale);
                y += 40 * scale;
            }
            if (co != null) {
                g.drawImage(co, x, y, null);
            }
        } finally {
            g.dispose();
        }
        return report.demo() ? DemoMark.banner(image, scale) : image;
    }

    @Override
    public String toString() {
        return "LatentDashboard(latent " + report.latent() + ", layer " + report.layer() + ": " + summary() + ")";
    }
}
