package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.scan.InputStatsFile;
import dev.scope.engine.scan.ScanListener;
import dev.scope.kernel.ext.MagicException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code --standardise} and {@code --stats}: how the SAEs read their inputs in a magic, the dataset's statistics found or estimated. */
final class InputChoice {

    static final List<String> FLAGS = List.of("standardise", "stats");

    static final String HELP = String.join("\n",
            "  --standardise  raw (default: the residual stream as clipscope feeds it), batch (standardised per",
            "            dimension over each batch of up to 128 images, as in training) or dataset (with statistics",
            "            estimated once over the --images folder and stored in it)",
            "  --stats   the dataset statistics file (default: .scope-input-stats.safetensors in the --images folder)");

    private InputChoice() {
    }

    /** The mode asked for and its statistics, estimated over {@code images} (given as {@code imagesArg}) when needed. */
    static InputStatsFile.Chosen resolve(Scope scope, ParsedArgs args, List<ImageSource> images, Optional<String> imagesArg) {
        SaeInput.Mode mode = EngineCalls.call(() -> SaeInput.Mode.parse(args.option("standardise", "raw")));
        Optional<Path> named = args.option("stats").map(Path::of);
        if (named.isPresent() && mode != SaeInput.Mode.DATASET) {
            throw new MagicException("--stats names dataset statistics; add --standardise dataset, or leave --stats out.");
        }
        Path file = named.orElse(imagesArg.map(Path::of).filter(Files::isDirectory).map(InputStats::besideFolder)
                .orElse(null));
        if (mode != SaeInput.Mode.DATASET || (file != null && Files.exists(file))) {
            return EngineCalls.call(() -> InputStatsFile.resolve(scope, mode, file, named.isPresent(), images,
                    imagesArg.orElse("the images"), ScanListener.NONE));
        }
        try (ScanProgress progress = new ScanProgress("Estimating input statistics over " + images.size() + " files",
                images.size(), ScanListener.NONE)) {
            return EngineCalls.call(() -> InputStatsFile.resolve(scope, mode, file, named.isPresent(), images,
                    imagesArg.orElse("the images"), progress));
        }
    }
}
