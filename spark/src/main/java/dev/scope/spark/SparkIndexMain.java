package dev.scope.spark;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Layers;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageSource;
import dev.scope.index.ImageInputs;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./scope index --spark MASTER --images … --out DIR} and {@code spark-submit --class
 * dev.scope.spark.SparkIndexMain …}: the indexing job on Spark, Parquet tables out. Errors are one line.
 */
public final class SparkIndexMain {

    static final String USAGE = """
            usage: ./scope index --spark local[2]|spark://HOST:PORT|yarn --images DIR|list.txt --out DIR
                                 [--clip DIR|REPO] [--saes DIR|REPO] [--layers 22|2,5|all] [--batch N]
                                 [--partitions N] [--device auto|cpu|gpu] [--dtype float32|float16] [--demo]
              --out         a folder (local, hdfs://, s3a://…) for the Parquet tables; open it like an index file
              --partitions  how many parts the images are split into (default: 4 per core); each loads the scope once
              under spark-submit, --spark may be left out (the master comes from spark-submit)""";

    private static final Set<String> OPTIONS = Set.of("spark", "images", "out", "clip", "saes", "layers", "batch",
            "partitions", "device", "dtype", "db");
    private static final Set<String> FLAGS = Set.of("demo", "help");

    private SparkIndexMain() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        Map<String, String> a;
        try {
            a = parse(argv);
            if (a.containsKey("help")) {
                System.out.println(USAGE);
                return 0;
            }
            if (a.containsKey("db")) {
                throw new IllegalArgumentException("On Spark the index is a folder of Parquet tables: give --out DIR"
                        + " instead of --db, and open it with %scope latent --db DIR.");
            }
            String out = require(a, "out");
            List<ImageSource> images = ImageInputs.parse(require(a, "images"));
            ScopeSpec spec = spec(a);
            int batch = Integer.parseInt(a.getOrDefault("batch", "0"));
            SparkSession.Builder builder = SparkSession.builder().appName("scope index");
            if (a.containsKey("spark")) {
                builder.master(a.get("spark"));
            }
            SparkSession spark = builder.config("spark.ui.enabled", "false").getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            try {
                List<Integer> layers = layers(spec);
                int partitions = Integer.parseInt(a.getOrDefault("partitions",
                        String.valueOf(4 * spark.sparkContext().defaultParallelism())));
                long start = System.nanoTime();
                SparkIndexJob.Result r = SparkIndexJob.run(spark, spec, layers, images, out, batch, partitions, done ->
                        System.err.printf(Locale.ROOT, "indexing on Spark: %,d/%,d images · %.1f images/s%n", done,
                                images.size(), done / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
                System.out.printf(Locale.ROOT, "Indexed %,d images into %s (%,d skipped as unreadable) in %.0f s on"
                        + " Spark %s; %s. Open it with ActivationIndex.open or %%scope latent --db %s.%n", r.indexed(), out,
                        r.skipped(), r.seconds(), spark.sparkContext().master(), r.run().describe(), out);
            } finally {
                spark.stop();
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("scope index: " + e.getMessage());
            return e instanceof IOException ? 1 : 2;
        }
    }

    /** The layers the job indexes: those listed, or the SAEs' as the scope would pick them (loaded on the driver). */
    private static List<Integer> layers(ScopeSpec spec) throws IOException {
        if (spec.layers() instanceof Layers.Listed listed) {
            return List.copyOf(listed.layers());
        }
        try (var scope = dev.scope.engine.Scope.load(spec)) {
            return List.copyOf(scope.layers());
        }
    }

    static ScopeSpec spec(Map<String, String> a) {
        ScopeSpec spec = ScopeSpec.fromEnvironment();
        if (a.containsKey("clip")) {
            spec = spec.withClip(Source.parse(a.get("clip"))).withDemo(false);
        }
        if (a.containsKey("saes")) {
            spec = spec.withSaes(Source.parse(a.get("saes"))).withDemo(false);
        }
        if (a.containsKey("layers")) {
            spec = spec.withLayers(Layers.parse(a.get("layers")));
        }
        if (a.containsKey("device")) {
            spec = spec.withDevice(DeviceChoice.parse(a.get("device")));
        }
        if (a.containsKey("dtype")) {
            spec = spec.withDtype(WeightType.parse(a.get("dtype")));
        }
        if (a.containsKey("demo")) {
            spec = spec.withDemo(true);
        }
        return spec;
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new HashMap<>();
        List<String> args = new ArrayList<>(List.of(argv));
        if (!args.isEmpty() && args.get(0).equals("index")) {
            args.remove(0);
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name != null && FLAGS.contains(name)) {
                out.put(name, "true");
            } else if (name != null && OPTIONS.contains(name) && i + 1 < args.size()) {
                out.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("Unexpected argument \"" + arg + "\"; see ./scope index --spark x --help.");
            }
        }
        return out;
    }

    private static String require(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("The option --" + name + " is required.");
        }
        return v;
    }
}
