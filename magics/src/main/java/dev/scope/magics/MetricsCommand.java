package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.scan.InputStatsFile;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.ScanListener;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.LayerMetricsCharts;

import java.util.List;
import java.util.Optional;

/**
 * {@code %scope metrics}: each layer's SAE quality on the given images, all tokens, in the input mode asked for
 * (the engine's {@code Scope.measure}), charted beside the model card with a table of the figures and one of
 * their definitions. Returns the measured {@link Metrics}.
 */
record MetricsCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("metrics",
            "%scope metrics [--images DIR|a.png,b.png] [--layers 22|2,5|all] [--standardise raw|batch|dataset] [--stats FILE]",
            new FlagSpec(List.of("images", "layers", "standardise", "stats"), List.of()), """
                Measures per layer, over all tokens of the images, in the space the SAE read: MSE and explained
                variance (the model card's formulas), explained variance about the dataset mean (SAELens'), normalised
                MSE, L0, latents active anywhere, and latents dead here beside the checkpoint's own dead-latent count;
                charts them beside the card's figures with a table, and a table of the definitions. Any number of
                images: they stream through in batches. Returns Metrics: m.layer(22).mse().
                  --images  a folder (its files; non-images are skipped and counted) or a list a.png,b.png
                            (default: the images of the last forward)
                  --layers  which loaded layers (default: all loaded, or the last forward's)
                """ + InputChoice.HELP);

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        args.onlyFlags("pass images with --images DIR.");
        Scope scope = session.requireScope();
        Optional<String> given = args.option("images");
        List<ImageSource> images = given.isPresent() ? EngineCalls.call(() -> ImageSource.list(given.get())) : List.of();
        InputStatsFile.Chosen input = InputChoice.resolve(scope, args, images, given);
        Metrics metrics;
        String measuredOn;
        if (given.isPresent()) {
            try (ScanProgress progress = new ScanProgress("Measuring on " + images.size() + " files", images.size(),
                    ScanListener.NONE)) {
                metrics = EngineCalls.call(() -> scope.measure(images, session.scopeLayers(args.option("layers")),
                        input.input(), progress));
                if (metrics.images() == 0) {
                    throw ScanProgress.noImages(given.get(), images.size());
                }
                measuredOn = metrics.images() + (metrics.images() == 1 ? " image" : " images") + progress.skippedNote();
            }
        } else {
            ScopeResult last = session.lastResult().orElseThrow(() -> new MagicException("Give the images to measure on"
                    + " with --images DIR or --images a.png,b.png, or run %scope forward <image> first."));
            metrics = EngineCalls.call(() -> scope.measure(last, args.option("layers").isPresent()
                    ? session.scopeLayers(args.option("layers")) : last.layers(), input.input()));
            measuredOn = last.images() == 1 ? "the last forward's image (" + last.names().get(0) + ")"
                    : "the last forward's " + last.images() + " images";
        }
        LayerMetricsCharts charts = LayerMetricsCharts.builder(metrics).demo(scope.isDemo()).build();
        String text = (input.note().isEmpty() ? "" : input.note() + "\n") + "Measured on " + measuredOn + ", all "
                + metrics.tokens() + " tokens; SAE inputs " + input.input().describe() + ".\n"
                + ModelCard.comparability(input.input().mode(), metrics.images());
        return new Shown(text, List.of(charts.overview(), charts.table(), charts.definitions()), metrics);
    }
}
