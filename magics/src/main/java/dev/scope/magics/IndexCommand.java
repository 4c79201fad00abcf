package dev.scope.magics;

import dev.scope.engine.Layers;
import dev.scope.engine.Scope;
import dev.scope.engine.scan.Scanner;
import dev.scope.index.ImageInputs;
import dev.scope.index.IndexSummary;
import dev.scope.index.Indexer;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.Progress;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code %scope index}: runs a folder (or a list of images) through the loaded scope into an activation index
 * file with a progress bar, resumably, then opens it for {@code %scope latent}, {@code top} and {@code sql}.
 * Returns an {@link IndexSummary}.
 */
record IndexCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("index",
            "%scope index --images DIR|list.txt --db FILE [--layers 22|2,5|all] [--batch 8]",
            new FlagSpec(List.of("images", "db", "layers", "batch"), List.of()), """
                Runs every image through the loaded scope once and keeps, per image and layer, each active latent's
                CLS value and patch maximum, and the reconstruction figures, in one DuckDB file. Stop it (or lose the
                kernel) at any moment: running it again skips what is there and finishes. Then opens the index.
                  --images  a folder, or a .txt file with one path or URL per line
                  --db      the index file (created when new), or a Path or String variable naming it
                  --layers  loaded layers to index (default: all loaded); load other weights with %scope load
                  --batch   images per forward pass (default: 8 on the CPU, 64 on a GPU)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        Scope scope = session.requireScope();
        String images = args.option("images").orElseThrow(() -> new MagicException(
                "%scope index needs the images: add --images DIR (a folder) or --images list.txt."));
        Path db = PathArg.of(args.option("db").orElseThrow(() -> new MagicException(
                "%scope index needs the index file: add --db FILE, e.g. --db photos.duckdb.")), context);
        List<Integer> layers = List.copyOf(EngineCalls.call(() -> scope.layers(
                Layers.parse(args.option("layers", "all")))));
        int batch = Values.intIn(args.option("batch", String.valueOf(scope.batchSize())), "--batch", 1, Scanner.MAX_BATCH);
        var sources = EngineCalls.call(() -> ImageInputs.parse(images));
        session.closeIndex(); // the session's own reader would hold the file
        IndexSummary summary;
        try (Progress progress = Progress.start("Indexing " + images, sources.size())) {
            summary = EngineCalls.call(() -> Indexer.run(scope, sources, db, layers, batch,
                    p -> progress.update(p.done(), p.detail())));
        }
        session.openIndex(db);
        return new Shown(summary.toString(), List.of(), summary);
    }
}
