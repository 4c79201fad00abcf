package dev.scope.spark;

import dev.scope.index.IndexSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

/**
 * The index's tables as Spark schemas ({@link IndexSchema}'s columns, DuckDB's types: INTEGER int, SMALLINT
 * short, REAL float, TIMESTAMP timestamp without time zone), and the one wide row per image the job makes
 * before splitting it into tables.
 */
final class IndexRows {

    static final StructType IMAGES = new StructType(new StructField[] {
            field("image_id", DataTypes.IntegerType, false),
            field("source", DataTypes.StringType, false),
            field("content_hash", DataTypes.StringType, true),
            field("size", DataTypes.LongType, true),
            field("mtime", DataTypes.TimestampNTZType, true),
            field("status", DataTypes.StringType, false),
            field("indexed_at", DataTypes.TimestampNTZType, false)});

    /** One layer of one image: its figures and, column by column, its active latents. */
    static final StructType LAYER = new StructType(new StructField[] {
            field("layer", DataTypes.ShortType, false),
            field("mse", DataTypes.DoubleType, false),
            field("explained_variance", DataTypes.DoubleType, false),
            field("l0", DataTypes.DoubleType, false),
            field("latent", createArrayType(DataTypes.IntegerType, false), false),
            field("cls", createArrayType(DataTypes.FloatType, false), false),
            field("patch_max", createArrayType(DataTypes.FloatType, false), false),
            field("peak_patch", createArrayType(DataTypes.ShortType, false), false),
            field("active_patches", createArrayType(DataTypes.ShortType, false), false)});

    /** The images table's columns and the image's layers. */
    static final StructType WIDE = IMAGES.add(field("layers", createArrayType(LAYER, false), false));

    /** The input of the job: the id each image gets and where it is. */
    static final StructType INPUT = new StructType(new StructField[] {
            field("image_id", DataTypes.IntegerType, false),
            field("source", DataTypes.StringType, false)});

    static final StructType RUNS = new StructType(new StructField[] {
            field("run_id", DataTypes.IntegerType, false),
            field("clip", DataTypes.StringType, false),
            field("clip_weights", DataTypes.StringType, false),
            field("saes", DataTypes.StringType, false),
            field("layers", DataTypes.StringType, false),
            field("dtype", DataTypes.StringType, false),
            field("device", DataTypes.StringType, false),
            field("token_policy", DataTypes.StringType, false),
            field("tokens", DataTypes.IntegerType, false),
            field("created", DataTypes.TimestampNTZType, false)});

    static final StructType RUN_LAYERS = new StructType(new StructField[] {
            field("run_id", DataTypes.IntegerType, false),
            field("layer", DataTypes.ShortType, false),
            field("checkpoint", DataTypes.StringType, false),
            field("weights", DataTypes.StringType, false),
            field("n_features", DataTypes.IntegerType, false),
            field("k", DataTypes.IntegerType, false)});

    private IndexRows() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return createStructField(name, type, nullable);
    }
}
