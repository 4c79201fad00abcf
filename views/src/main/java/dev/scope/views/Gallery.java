package dev.scope.views;

import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.sae.ReconstructionMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Every view drawn from synthetic data, as PNG files: a visual check of the views, and a catalogue of what they
 * look like.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp ... dev.scope.views.Gallery views/target/gallery [photo.png]
 * </pre>
 */
public final class Gallery {

    private Gallery() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "views/target/gallery");
        BufferedImage crop = args.length > 1 ? photo(Path.of(args[1])) : Synthetic.crop(224);
        for (Map.Entry<String, byte[]> entry : render(crop).entrySet()) {
            write(folder, entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, String> entry : renderTables().entrySet()) {
            write(folder, entry.getKey(), entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        System.out.println("Wrote the gallery to " + folder.toAbsolutePath());
    }

    /** Every view as PNG bytes, by file name. */
    public static Map<String, byte[]> render(BufferedImage crop) {
        Random random = new Random(42);
        Map<String, byte[]> pngs = new LinkedHashMap<>();

        ActiveLatents active = Synthetic.latents(random, 32, 65_536, true);
        TokenContext cls = TokenContext.cls(22);
        pngs.put("active-latents.png", ActiveLatentsChart.builder(active).context(cls).build().toPng());
        pngs.put("active-latents-demo.png", ActiveLatentsChart.builder(active).context(cls).demo(true).build().toPng());

        float[] blob = Synthetic.blob(16, 4.5, 10.5, 2.2, 6.0f);
        PatchGrid grid = PatchGrid.of(blob);
        pngs.put("heatmap.png", PatchHeatmap.builder(crop, grid).title(PatchHeatmap.title(4242, 22, 3.21f)).build().toPng());
        pngs.put("heatmap-bilinear-demo.png", PatchHeatmap.builder(crop, grid).title(PatchHeatmap.title(4242, 22, 3.21f))
                .upsampling(Upsampling.BILINEAR).demo(true).build().toPng());
        float[] signed = blob.clone();
        float[] dip = Synthetic.blob(16, 12, 3, 2.5, -4.0f);
        for (int i = 0; i < signed.length; i++) {
            signed[i] += dip[i];
        }
        pngs.put("heatmap-diverging.png", PatchHeatmap.builder(crop, PatchGrid.of(signed))
                .title(PatchHeatmap.title(4242, 22, -1.07f) + " · pre-activation").build().toPng());
        pngs.put("heatmap-grid.png", HeatmapGrid.builder(List.of(
                PatchHeatmap.builder(crop, grid).title(PatchHeatmap.title(4242, 22, 3.21f)).imageWidth(160).build(),
                PatchHeatmap.builder(crop, PatchGrid.of(Synthetic.blob(16, 12, 4, 1.8, 2.5f))).title(PatchHeatmap.title(917, 22, 0.4f))
                        .imageWidth(160).build(),
                PatchHeatmap.builder(crop, PatchGrid.of(Synthetic.blob(16, 8, 8, 5, 1.2f))).title(PatchHeatmap.title(30001, 22, 1.9f))
                        .imageWidth(160).build(),
                PatchHeatmap.builder(crop, PatchGrid.of(Synthetic.blob(16, 2, 2, 1.5, 9f))).title(PatchHeatmap.title(12, 22, 0f))
                        .imageWidth(160).build()))
                .columns(2).title("Layer 22 · four latents of the CLS top 32").demo(true).build().toPng());

        pngs.put("stem-all-latents.png", LatentStemPlot.builder(active, 65_536).context(cls).build().toPng());

        SortedMap<Integer, ReconstructionMetrics> measured = new TreeMap<>();
        for (ModelCard.Figures card : ModelCard.FIGURES) {
            double drift = 1 + 0.08 * random.nextGaussian();
            double fired = 0.7 + 0.25 * random.nextDouble();
            measured.put(card.layer(), Synthetic.metrics(card.mse() * drift * 1.1, card.explainedVariance() / drift * 0.97,
                    32, fired));
        }
        LayerMetricsCharts metrics = LayerMetricsCharts.builder(measured).build();
        pngs.put("metrics-mse.png", metrics.mse().toPng());
        pngs.put("metrics-explained-variance.png", metrics.explainedVariance().toPng());
        pngs.put("metrics-l0.png", metrics.l0().toPng());
        pngs.put("metrics-latent-activity.png", metrics.latentActivity().toPng());
        pngs.put("metrics-overview-demo.png", LayerMetricsCharts.builder(measured).demo(true).build().overview().toPng());

        float[] perImage = new float[500];
        for (int i = 0; i < perImage.length; i++) {
            perImage[i] = random.nextDouble() < 0.6 ? 0f : (float) Math.abs(random.nextGaussian() * 2.5);
        }
        int[] top = TopImagesGrid.topIndices(perImage, 9);
        List<TopImage> tops = new ArrayList<>();
        for (int rank = 0; rank < top.length; rank++) {
            float value = perImage[top[rank]];
            float[] map = Synthetic.blob(16, 3 + rank, 13 - rank, 1.5 + rank * 0.2, value);
            tops.add(new TopImage(String.format("IMG_%04d_holiday_photo.jpg", top[rank]), Synthetic.variant(crop, rank),
                    PatchGrid.of(map), value));
        }
        pngs.put("top-images.png", TopImagesGrid.builder(tops).title("Latent 4242 · Layer 22 · top 9 of 500 images (max over patches)")
                .build().toPng());
        pngs.put("top-images-histogram.png", ActivationHistogram.builder(perImage)
                .title("Latent 4242 · Layer 22 · max over patches, 500 images").valueLabel("max activation over patches")
                .build().toPng());
        return pngs;
    }

    /** Every table view as HTML and as text, by file name. */
    public static Map<String, String> renderTables() {
        Random random = new Random(42);
        ActiveLatents active = Synthetic.latents(random, 32, 65_536, true);
        Map<String, String> tables = new LinkedHashMap<>();
        TableView latents = LatentTable.view(active, TokenContext.cls(22), true);
        tables.put("latent-table.html", page(latents.toHtml()));
        tables.put("latent-table.txt", latents.toText());
        SortedMap<Integer, ReconstructionMetrics> measured = new TreeMap<>();
        ModelCard.FIGURES.forEach(c -> measured.put(c.layer(),
                Synthetic.metrics(c.mse() * 1.05, c.explainedVariance() * 0.98, 32, 0.91)));
        TableView metrics = LayerMetricsCharts.builder(measured).build().table();
        tables.put("metrics-table.html", page(metrics.toHtml()));
        tables.put("metrics-table.txt", metrics.toText());
        return tables;
    }

    private static String page(String body) {
        return "<!doctype html><meta charset=\"utf-8\"><body style=\"margin:16px\">" + body + "</body>";
    }

    private static BufferedImage photo(Path file) throws IOException {
        BufferedImage image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        if (image == null) {
            throw new IllegalArgumentException("Cannot read " + file + " as an image; pass a PNG or JPEG file.");
        }
        return Synthetic.centreCrop(image, 224);
    }

    static Path write(Path folder, String name, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        return Files.write(folder.resolve(name), bytes);
    }
}
