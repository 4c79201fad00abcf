package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.MetricsAccumulator;
import dev.scope.engine.scan.ScanSummary;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.LayerMetricsCharts;
import dev.scope.views.ModelCard;

import java.util.List;

/**
 * {@code %scope metrics}: each layer's SAE quality on the given images, all tokens (the model card's formulas,
 * streamed by the engine's {@code MetricsAccumulator}), charted beside the model card with a table.
 * Returns the measured {@link Metrics}.
 */
record MetricsCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("metrics",
            "%scope metrics [--images DIR|a.png,b.png] [--layers 22|2,5|all]",
            new FlagSpec(List.of("images", "layers"), List.of()), """
                Measures per layer, over all tokens of the images: MSE (mean over tokens of Σ(x−x̂)²), explained
                variance (mean over tokens of 1 − Σ(x−x̂)²/Σ(x−mean x)²), L0, and the fractions of latents active
                anywhere / never active; charts them beside the model card's figures (which came from
                batch-standardised inputs) with a table. Any number of images: they stream through in batches.
                Returns Metrics: m.layer(22).mse().
                  --images  a folder (its files; non-images are skipped and counted) or a list a.png,b.png
                            (default: the image of the last forward)
                  --layers  which loaded layers (default: all loaded, or the last forward's)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        args.onlyFlags("pass images with --images DIR.");
        Scope scope = session.requireScope();
        MetricsAccumulator sum = new MetricsAccumulator();
        String measuredOn;
        if (args.option("images").isPresent()) {
            List<ImageSource> images = EngineCalls.call(() -> ImageSource.list(args.option("images").get()));
            try (ScanProgress progress = new ScanProgress("Measuring on " + images.size() + " files", images.size(), sum)) {
                ScanSummary scan = EngineCalls.call(() -> scope.scan(images, session.scopeLayers(args.option("layers")),
                        progress));
                if (scan.images() == 0) {
                    throw ScanProgress.noImages(args.option("images").get(), images.size());
                }
                measuredOn = scan.images() + (scan.images() == 1 ? " image" : " images") + progress.skippedNote();
            }
        } else {
            ScopeResult last = session.lastResult().orElseThrow(() -> new MagicException("Give the images to measure on"
                    + " with --images DIR or --images a.png,b.png, or run %scope forward <image> first."));
            EngineCalls.call(() -> {
                sum.add(last, args.option("layers").isPresent() ? session.scopeLayers(args.option("layers")) : last.layers());
                return sum;
            });
            measuredOn = "the last forward's image (" + last.names().get(0) + ")";
        }
        Metrics metrics = sum.result();
        LayerMetricsCharts charts = LayerMetricsCharts.builder(metrics).demo(scope.isDemo()).build();
        String text = "Measured on " + measuredOn + ", all " + metrics.tokens() + " tokens. " + ModelCard.NOTE;
        return new Shown(text, List.of(charts.overview(), charts.table()), metrics);
    }
}
