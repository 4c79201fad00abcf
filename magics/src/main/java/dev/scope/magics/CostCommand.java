package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.InputStatsFile;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.text.PromptSet;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.CostCharts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %scope cost}: what splicing each layer's SAE reconstruction into CLIP costs its zero-shot labels over a
 * folder (the engine's {@code Scope.cost}), beside zeroing the layer, charted per layer with a table of the figures
 * and one of their definitions. Returns the {@link Costs}.
 */
record CostCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("cost",
            "%scope cost [--images DIR|a.png,b.png] [--prompts FILE] [--layers 22|2,5|all] [--standardise raw|batch|dataset]",
            new FlagSpec(List.of("images", "prompts", "layers", "standardise", "stats"), List.of()), """
                Runs each image through CLIP clean, with each layer's residual replaced by its SAE's reconstruction,
                and with the layer's residual zeroed, and compares CLIP's zero-shot labels: KL divergence to the clean
                labels, top-1 agreement, the share recovered relative to zeroing (ViT-Prisma's substitution score with
                the clean prediction for labels) and the image embedding's cosine to the clean one. Returns Costs:
                c.layer(22).shareRecovered().
                  --images  a folder or a list a.png,b.png (default: the images of the last forward)
                  --prompts a text file with one prompt a line (default: the ImageNet-1k classes as "a photo of a {}.")
                  --layers  which loaded layers (default: all loaded)
                """ + InputChoice.HELP);

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        args.onlyFlags("pass images with --images DIR.");
        Scope scope = session.requireScope();
        Optional<String> given = args.option("images");
        List<ImageSource> images = given.isPresent() ? EngineCalls.call(() -> ImageSource.list(given.get()))
                : lastForward();
        List<String> prompts = args.option("prompts").map(Prompts::file).orElseGet(() -> PromptSet.imagenet().prompts());
        InputStatsFile.Chosen input = InputChoice.resolve(scope, args, images, given);
        Costs costs;
        String skipped;
        try (ScanProgress progress = new ScanProgress("Splicing the SAEs into CLIP on " + images.size() + " files",
                images.size(), ScanListener.NONE)) {
            costs = EngineCalls.call(() -> scope.cost(images, session.scopeLayers(args.option("layers")), prompts,
                    input.input(), progress));
            if (costs.images() == 0) {
                throw ScanProgress.noImages(given.orElse("the images"), images.size());
            }
            skipped = progress.skippedNote();
        }
        CostCharts charts = CostCharts.builder(costs).build();
        String text = (input.note().isEmpty() ? "" : input.note() + "\n") + String.join("\n", costs.notes())
                + (costs.notes().isEmpty() ? "" : "\n") + "Measured on " + costs.images()
                + (costs.images() == 1 ? " image" : " images") + skipped + " over " + costs.prompts() + " prompts"
                + (args.option("prompts").isEmpty() ? " (the ImageNet-1k classes)" : "") + "; SAE inputs "
                + input.input().describe() + ".";
        return new Shown(text, List.of(charts.overview(), charts.table(), charts.definitions()), costs);
    }

    /** The last forward's images, as their 224 crops (which CLIP's preprocessing leaves as they are). */
    private List<ImageSource> lastForward() {
        ScopeResult last = session.lastResult().orElseThrow(() -> new MagicException("Give the images to measure on"
                + " with --images DIR or --images a.png,b.png, or run %scope forward <image> first."));
        List<ImageSource> images = new ArrayList<>();
        for (int i = 0; i < last.images(); i++) {
            images.add(ImageSource.of(last.names().get(i), last.crops().get(i)));
        }
        return images;
    }
}
