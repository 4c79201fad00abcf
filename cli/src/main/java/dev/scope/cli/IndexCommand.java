package dev.scope.cli;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Layers;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.scan.Scanner;
import dev.scope.index.ImageInputs;
import dev.scope.index.IndexSummary;
import dev.scope.index.Indexer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./scope index}: runs an image collection through the scope once into a DuckDB activation index,
 * resumably (see {@link Indexer}). With {@code --spark MASTER} the launcher runs the Spark job instead.
 */
final class IndexCommand {
    static final String USAGE = """
            usage: ./scope index --images DIR|list.txt --db FILE.duckdb
                                 [--clip DIR|REPO] [--saes DIR|REPO] [--layers 22|2,5|all] [--batch N]
                                 [--device auto|cpu|gpu] [--dtype float32|float16] [--demo] [--spark MASTER --out DIR]
              --images  a folder (its files, by name) or a text file with one path or URL per line
              --db      the index file; created when new; running the same command again finishes an interrupted
                        job and skips what is there (same path, size and time, same weights)
              --layers  default $SCOPE_LAYERS, else the deepest layer; weights as for ./scope forward and %scope load
              --batch   images per forward pass (default: 8 on the CPU, 64 on a GPU)
              --spark   run the same job on Spark (local[2], spark://…, yarn…), writing Parquet tables to --out""";

    private static final Set<String> OPTIONS = Set.of("images", "db", "clip", "saes", "layers", "batch", "device",
            "dtype", "spark", "out");
    private static final Set<String> FLAGS = Set.of("demo", "help");

    private IndexCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        if (a.get("spark") != null) {
            throw new Args.UsageException("--spark needs Spark on the classpath: run it through the launcher,"
                    + " ./scope index --spark " + a.get("spark") + " …, after building the spark module (mvn package).");
        }
        List<dev.scope.engine.image.ImageSource> images = ImageInputs.parse(a.require("images"));
        Path db = Path.of(a.require("db"));
        ScopeSpec spec = spec(a);
        Integer asked = a.get("batch") == null ? null : batch(a.get("batch"));
        try (Scope scope = Scope.load(spec)) {
            int batch = asked != null ? asked : scope.batchSize();
            IndexSummary summary = Indexer.run(scope, images, db, scope.layers(), batch,
                    new TerminalProgress(err, System.console() != null));
            out.println(summary);
        }
        return 0;
    }

    /** The weights as {@code ./scope forward} and {@code %scope load} choose them: flags over SCOPE_* over defaults. */
    static ScopeSpec spec(Args a) {
        ScopeSpec spec = ScopeSpec.fromEnvironment();
        if (a.get("clip") != null) {
            spec = spec.withClip(Source.parse(a.get("clip"))).withDemo(false);
        }
        if (a.get("saes") != null) {
            spec = spec.withSaes(Source.parse(a.get("saes"))).withDemo(false);
        }
        if (a.get("layers") != null) {
            spec = spec.withLayers(Layers.parse(a.get("layers")));
        }
        if (a.get("device") != null) {
            spec = spec.withDevice(DeviceChoice.parse(a.get("device")));
        }
        if (a.get("dtype") != null) {
            spec = spec.withDtype(WeightType.parse(a.get("dtype")));
        }
        if (a.flag("demo")) {
            spec = spec.withDemo(true);
        }
        return spec;
    }

    static int batch(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= Scanner.MAX_BATCH) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Args.UsageException("--batch takes a whole number from 1 to " + Scanner.MAX_BATCH + ", not \"" + text + "\".");
    }
}
