package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.image.ImageReadException;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.Progress;
import dev.scope.views.LayerMetrics;
import dev.scope.views.LayerMetricsCharts;
import dev.scope.views.ModelCard;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code %scope metrics}: each layer's SAE quality on the given images, all tokens (the model card's formulas,
 * computed by the engine's {@code ReconstructionMetrics}), charted beside the model card with a table.
 * Returns the measured {@link Metrics}, one {@code LayerMetrics} per layer.
 */
final class MetricsCommand implements Subcommand {

    /** Images per forward pass: bounds memory on a small notebook server. */
    static final int BATCH = 8;

    private final ScopeSession session;

    MetricsCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String usage() {
        return "%scope metrics [--images DIR|a.png,b.png] [--layers 22|2,5|all]";
    }

    @Override
    public String description() {
        return """
                Measures per layer, over all tokens of the images: MSE (mean over tokens of Σ(x−x̂)²), explained
                variance (mean over tokens of 1 − Σ(x−x̂)²/Σ(x−mean x)²), L0, and the fractions of latents active
                anywhere / never active; charts them beside the model card's figures (which came from
                batch-standardised inputs) with a table. Returns Metrics: m.layer(22).mse().
                  --images  a folder (its files; non-images are skipped and counted) or a list a.png,b.png
                            (default: the image of the last forward)
                  --layers  which loaded layers (default: all loaded)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("images", "layers"), List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new MagicException("%scope metrics takes only flags, not '" + args.positionals().get(0)
                    + "'; pass images with --images DIR.");
        }
        Scope scope = session.requireScope();
        ScopeResult last = args.option("images").isPresent() ? null : session.lastResult().orElseThrow(() ->
                new MagicException("Give the images to measure on with --images DIR or --images a.png,b.png, or run"
                        + " %scope forward <image> first."));
        List<Integer> layers = last != null && args.option("layers").isEmpty() ? last.layers()
                : session.scopeLayers(args.option("layers"));
        Map<Integer, MetricsTotals> totals = new LinkedHashMap<>();
        layers.forEach(l -> totals.put(l, new MetricsTotals(l)));
        String measuredOn;
        if (last == null) {
            ImageFiles files = ImageFiles.resolve(args.option("images").get(), "--images");
            List<Path> skipped = measure(scope, files, layers, totals);
            int images = files.files().size() - skipped.size();
            if (images == 0) {
                throw new MagicException("None of the " + files.files().size() + " files in " + files.describe()
                        + " is an image; pass PNG or JPEG files.");
            }
            measuredOn = images + (images == 1 ? " image" : " images") + ImageFiles.skippedNote(skipped);
        } else {
            for (int layer : layers) {
                session.resultLayer(Optional.of(String.valueOf(layer)));
                totals.get(layer).add(last.resid().residFlat(layer), last.sae().get(layer));
            }
            measuredOn = "the last forward's image (" + last.names().get(0) + ")";
        }
        List<LayerMetrics> metrics = totals.values().stream().map(MetricsTotals::metrics).toList();
        LayerMetricsCharts charts = LayerMetricsCharts.builder(metrics).demo(scope.isDemo()).build();
        long tokens = totals.values().iterator().next().tokens();
        String text = "Measured on " + measuredOn + ", all " + tokens + " tokens. " + ModelCard.NOTE;
        return new Shown(text, List.of(charts.overview(), charts.table()), new Metrics(metrics, tokens));
    }

    /** Forward passes over the files in batches; returns the files that are not images. */
    private static List<Path> measure(Scope scope, ImageFiles files, List<Integer> layers,
                                      Map<Integer, MetricsTotals> totals) {
        List<Path> skipped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<BufferedImage> batch = new ArrayList<>();
        try (Progress progress = Progress.start("Measuring on " + files.files().size() + " files", files.files().size())) {
            for (Path file : files.files()) {
                try {
                    batch.add(ImageDecoder.read(file));
                    names.add(file.getFileName().toString());
                } catch (ImageReadException e) {
                    skipped.add(file);
                }
                if (batch.size() == BATCH) {
                    run(scope, names, batch, layers, totals);
                }
                progress.step();
            }
            if (!batch.isEmpty()) {
                run(scope, names, batch, layers, totals);
            }
        }
        return skipped;
    }

    private static void run(Scope scope, List<String> names, List<BufferedImage> batch, List<Integer> layers,
                            Map<Integer, MetricsTotals> totals) {
        ScopeResult r = EngineCalls.call(() -> scope.forward(names, batch, layers));
        for (int layer : layers) {
            totals.get(layer).add(r.resid().residFlat(layer), r.sae().get(layer));
        }
        names.clear();
        batch.clear();
    }
}
