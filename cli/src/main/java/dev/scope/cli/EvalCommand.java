package dev.scope.cli;

import dev.scope.engine.LoadListener;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.InputStatsFile;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.text.PromptSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./scope eval}: the SAEs measured on a folder the way they were trained and the way clipscope runs them,
 * and what they cost CLIP's zero-shot head, into a JSON (and optionally Markdown) report; see {@link EvalReport}.
 */
final class EvalCommand {
    static final String USAGE = """
            usage: ./scope eval --images DIR|a.png,b.png --json report.json [--markdown report.md]
                                [--standardise raw,batch,dataset] [--prompts FILE] [--stats FILE] [--no-cost]
                                [--clip DIR|REPO] [--saes DIR|REPO] [--layers 22|2,5|all] [--device auto|cpu|gpu]
                                [--dtype float32|float16]
              Per layer and per mode: the card's MSE and explained variance, SAELens' explained variance, normalised
              MSE, L0, latents active and dead (beside the checkpoint's own dead count), and the cost of splicing the
              SAE's reconstruction into CLIP (KL, top-1 agreement, share recovered against zeroing the layer, the
              image embedding's cosine) over --prompts (one a line; default the ImageNet-1k classes).
              --standardise  raw (default: as clipscope), batch (each batch of up to 128 images standardised by its
                             own statistics, as in training), dataset (statistics estimated once over the folder and
                             stored in it as .scope-input-stats.safetensors, or in --stats FILE); several comma-separated.
              Defaults as everywhere: $SCOPE_CLIP, $SCOPE_SAES, $SCOPE_LAYERS (else the deepest layer the SAEs have),
              $SCOPE_DEVICE, $SCOPE_DTYPE.""";

    private static final Set<String> OPTIONS = Set.of("clip", "saes", "layers", "images", "json", "markdown",
            "standardise", "prompts", "stats", "device", "dtype");
    private static final Set<String> FLAGS = Set.of("no-cost", "help");

    private EvalCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path json = Path.of(a.require("json"));
        Path markdown = a.get("markdown") == null ? null : Path.of(a.get("markdown"));
        String imagesArg = a.require("images");
        Set<SaeInput.Mode> modes = new LinkedHashSet<>();
        for (String mode : a.get("standardise", "raw").split(",")) {
            if (!mode.isBlank()) {
                modes.add(SaeInput.Mode.parse(mode));
            }
        }
        if (modes.isEmpty()) {
            throw new Args.UsageException("--standardise names no mode; pass raw, batch or dataset (comma-separated).");
        }
        if (a.get("stats") != null && !modes.contains(SaeInput.Mode.DATASET)) {
            throw new Args.UsageException("--stats names dataset statistics; add dataset to --standardise, or leave"
                    + " --stats out.");
        }
        ScopeSpec spec = ScopeSpec.fromEnvironment().withOptions(a.options(ScopeSpec.OPTIONS));
        List<ImageSource> images = ImageSource.list(imagesArg); // before the model loads: a missing path fails fast
        if (images.isEmpty()) {
            throw new IllegalArgumentException("The folder " + imagesArg + " has no files; put images (PNG or JPEG) in it.");
        }
        List<String> prompts = a.get("prompts") == null ? PromptSet.imagenet().prompts()
                : PromptSet.read(Path.of(a.get("prompts"))).prompts();
        Path stats = a.get("stats") != null ? Path.of(a.get("stats"))
                : Files.isDirectory(Path.of(imagesArg)) ? InputStats.besideFolder(Path.of(imagesArg)) : null;
        try (Scope scope = Scope.load(spec)) {
            scope.loadSaes(LoadListener.NONE); // a broken checkpoint fails before any image runs
            List<Integer> layers = new ArrayList<>(scope.layers());
            EvalReport report = new EvalReport(spec.clip().toString(), spec.saes().toString(), scope.isDemo(), imagesArg,
                    images.size(), a.get("prompts") == null ? "the ImageNet-1k classes as \"" + PromptSet.TEMPLATE + "\""
                    : a.get("prompts"), prompts.size());
            Set<String> skipped = new LinkedHashSet<>();
            for (SaeInput.Mode mode : modes) {
                InputStatsFile.Chosen input = InputStatsFile.resolve(scope, mode, stats, a.get("stats") != null, images,
                        imagesArg, new ScanConsole(err, "input statistics", skipped));
                Metrics metrics = scope.measure(images, layers, input.input(),
                        new ScanConsole(err, mode.flag() + " metrics", skipped));
                if (metrics.images() == 0) {
                    throw new IllegalArgumentException("None of the " + images.size() + " files of " + imagesArg
                            + " is an image; pass PNG or JPEG files.");
                }
                Costs costs = a.flag("no-cost") ? null : scope.cost(images, layers, prompts, input.input(),
                        new ScanConsole(err, mode.flag() + " cost", skipped));
                report.add(new EvalReport.Mode(input.input(), metrics, costs, input.note()));
            }
            if (!skipped.isEmpty()) {
                report.note("Skipped " + skipped.size() + " files that are not images: " + String.join(", ", skipped) + ".");
            }
            report.write(json, markdown);
            out.println("Wrote " + json + (markdown == null ? "" : " and " + markdown) + ": layers " + layers + ", modes "
                    + modes.stream().map(SaeInput.Mode::flag).toList() + ", " + (images.size() - skipped.size())
                    + " images." + (scope.isDemo() ? " DEMO scope (random weights): SCOPE_DEMO is set." : ""));
        }
        return 0;
    }
}
