package dev.scope.spark;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.index.ActivationIndex;
import dev.scope.index.ImageInputs;
import dev.scope.index.IndexFixtures;
import dev.scope.index.Indexer;
import dev.scope.engine.scan.TopImages;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Spark's local mode on the fixtures writes Parquet whose rows equal the DuckDB index's, and the queries read it alike. */
class SparkIndexJobTest {

    @Test
    void localModeWritesTheRowsOfTheLocalIndex(@TempDir Path tmp) throws Exception {
        Path images = IndexFixtures.fixtureFolder(tmp.resolve("images"));
        IndexFixtures.collection(images, 27, 3L);
        List<ImageSource> sources = ImageInputs.parse(images.toString());
        Path db = tmp.resolve("local.duckdb");
        // one image per forward pass on both sides: the SAE's products pick their kernel by the number of rows, so
        // an image batched with others may differ in the last bit, and Spark's partitions batch other neighbours
        try (Scope scope = IndexFixtures.scope()) {
            Indexer.run(scope, sources, db, IndexFixtures.LAYERS, 1, Indexer.Listener.NONE);
        }
        Path out = tmp.resolve("spark-out");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("scope index test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        SparkIndexJob.Result result;
        try {
            result = SparkIndexJob.run(spark, IndexFixtures.spec(), IndexFixtures.LAYERS, sources, out.toString(), 1, 3,
                    done -> { });
        } finally {
            spark.stop();
        }
        assertEquals(32, result.indexed());
        assertEquals(1, result.skipped());
        assertTrue(Files.isDirectory(out.resolve("activations")));
        try (ActivationIndex local = ActivationIndex.open(db); ActivationIndex cluster = ActivationIndex.open(out)) {
            for (String query : List.of(
                    "SELECT * EXCLUDE (indexed_at) FROM images ORDER BY image_id",
                    "SELECT * FROM image_layers ORDER BY image_id, layer",
                    "SELECT * FROM activations ORDER BY image_id, layer, latent",
                    "SELECT * EXCLUDE (created) FROM runs",
                    "SELECT * FROM run_layers ORDER BY layer",
                    "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM activations)",
                    "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM images)")) {
                assertEquals(local.sql(query).printAll(), cluster.sql(query).printAll(), query);
            }
            assertEquals(local.top(5, 3, TopImages.By.CLS, 9), cluster.top(5, 3, TopImages.By.CLS, 9));
            assertEquals(local.run(), cluster.run());
        }
    }
}
