package dev.scope.spark;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.image.ImageSource;
import dev.scope.index.IndexRun;
import dev.scope.index.IndexSchema;
import dev.scope.index.InputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * The indexing job on Spark: the images, numbered in input order as the local index numbers them, are split
 * into partitions; each partition loads the scope once and scans its images with the engine
 * ({@link PartitionIndexer}); the rows are written as Parquet, one folder per table of {@link IndexSchema}
 * ({@code OUT/images/*.parquet}, …), which {@code ActivationIndex.open(OUT)} reads through DuckDB's
 * {@code read_parquet}, so every query and dashboard works on it unchanged.
 */
public final class SparkIndexJob {

    private SparkIndexJob() {
    }

    /** What the job did: images in, images indexed, skipped, seconds. */
    public record Result(String out, IndexRun run, long inputs, long indexed, long skipped, double seconds) {
    }

    public static Result run(SparkSession spark, ScopeSpec spec, List<Integer> layers, List<ImageSource> images,
                             String out, int batch, int partitions, LongConsumer progress) throws IOException {
        long start = System.nanoTime();
        IndexRun run;
        try (Scope scope = Scope.load(spec)) { // on the driver only for the run's identity (weights hashes)
            run = IndexRun.of(scope, layers);
        }
        List<Row> input = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImageSource source : images) {
            String key = InputFile.of(source).key();
            if (seen.add(key)) {
                input.add(RowFactory.create(input.size() + 1, key));
            }
        }
        LongAccumulator done = spark.sparkContext().longAccumulator("images indexed");
        int slices = Math.max(1, Math.min(input.size(), partitions));
        Dataset<Row> wide = spark.createDataFrame(input, IndexRows.INPUT).repartition(slices, col("image_id"))
                .mapPartitions(new PartitionIndexer(JobSpec.of(spec, layers, batch), done), Encoders.row(IndexRows.WIDE))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Thread watcher = watch(done, progress);
        try {
            wide.count(); // runs the scan once; the tables below read the persisted rows
        } finally {
            watcher.interrupt();
        }
        String base = out.endsWith("/") ? out : out + "/";
        wide.select(IndexSchema.IMAGE_COLUMNS.split(", ")[0], columns(IndexSchema.IMAGE_COLUMNS))
                .orderBy("image_id").write().mode(SaveMode.Overwrite).parquet(base + IndexSchema.IMAGES);
        Dataset<Row> layerRows = wide.select(col("image_id"), explode(col("layers")).as("l")).select(col("image_id"),
                col("l.*"));
        layerRows.select(IndexSchema.IMAGE_LAYER_COLUMNS.split(", ")[0], columns(IndexSchema.IMAGE_LAYER_COLUMNS))
                .orderBy("image_id", "layer").write().mode(SaveMode.Overwrite).parquet(base + IndexSchema.IMAGE_LAYERS);
        layerRows.select(col("image_id"), col("layer"), explode(arrays_zip(col("latent"), col("cls"), col("patch_max"),
                        col("peak_patch"), col("active_patches"))).as("a"))
                .select(col("image_id"), col("layer"), col("a.latent"), col("a.cls"), col("a.patch_max"),
                        col("a.peak_patch"), col("a.active_patches"))
                .orderBy("image_id", "layer", "latent").write().mode(SaveMode.Overwrite).parquet(base + IndexSchema.ACTIVATIONS);
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        spark.createDataFrame(List.of(RowFactory.create(1, run.clip(), run.clipWeights(), run.saes(), run.layersText(),
                run.dtype(), run.device(), run.tokenPolicy(), run.tokens(), now)), IndexRows.RUNS)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(base + IndexSchema.RUNS);
        List<Row> runLayers = new ArrayList<>();
        for (IndexRun.Layer l : run.layers()) {
            runLayers.add(RowFactory.create(1, (short) l.layer(), l.checkpoint(), l.weights(), l.nFeatures(), l.k()));
        }
        spark.createDataFrame(runLayers, IndexRows.RUN_LAYERS).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(base + IndexSchema.RUN_LAYERS);
        long ok = wide.filter(col("status").equalTo(IndexSchema.OK)).count();
        long all = wide.count();
        wide.unpersist();
        return new Result(out, run, images.size(), ok, all - ok, (System.nanoTime() - start) / 1e9);
    }

    private static String[] columns(String list) {
        String[] all = list.split(", ");
        String[] rest = new String[all.length - 1];
        System.arraycopy(all, 1, rest, 0, rest.length);
        return rest;
    }

    /** Reports the images done every second while the scan runs (as partitions finish). */
    private static Thread watch(LongAccumulator done, LongConsumer progress) {
        Thread t = new Thread(() -> {
            long last = -1;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long now = done.value();
                    if (now != last) {
                        progress.accept(now);
                        last = now;
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                // the scan ended
            }
        }, "scope-spark-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
