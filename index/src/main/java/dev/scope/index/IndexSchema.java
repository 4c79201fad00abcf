package dev.scope.index;

import java.util.List;

/**
 * The tables of an activation index, written once: DuckDB creates them from {@link #DDL}, the Spark job writes
 * Parquet with the same columns ({@link #COLUMNS}), and the README documents them. Per (image, layer) the index
 * keeps, for every latent active on any token, its CLS value and its largest value over the patch tokens with
 * the patch where that peaks, plus the image's reconstruction figures; never the dense tokens × latents array.
 */
public final class IndexSchema {

    /** Bumped whenever a table or column changes; an index of another version is refused with a sentence. */
    public static final int VERSION = 1;

    /**
     * What is kept of each token, recorded in {@code runs}: the CLS token's kept latents, and per latent the
     * maximum over the patch tokens of its dense value (0 where not kept) and the first patch where it is reached.
     */
    public static final String TOKEN_POLICY = "cls kept latents + per-latent max over patches (v1)";

    /** The status of an image that was indexed; any other status is the one-line reason it was skipped. */
    public static final String OK = "ok";

    public static final String META = "scope_index";
    public static final String RUNS = "runs";
    public static final String RUN_LAYERS = "run_layers";
    public static final String IMAGES = "images";
    public static final String IMAGE_LAYERS = "image_layers";
    public static final String ACTIVATIONS = "activations";

    /** The tables that hold data, in the order they are written and exported. */
    public static final List<String> DATA_TABLES = List.of(RUNS, RUN_LAYERS, IMAGES, IMAGE_LAYERS, ACTIVATIONS);

    /** Column lists in table order, for staging, copying and Parquet. */
    public static final String IMAGE_COLUMNS = "image_id, source, content_hash, size, mtime, status, indexed_at";
    public static final String IMAGE_LAYER_COLUMNS = "image_id, layer, mse, explained_variance, l0";
    public static final String ACTIVATION_COLUMNS = "image_id, layer, latent, cls, patch_max, peak_patch, active_patches";

    static final String IMAGES_DDL = """
            image_id     INTEGER   NOT NULL,  -- 1, 2, … in the order the images were given
            source       VARCHAR   NOT NULL,  -- absolute path or URL
            content_hash VARCHAR,             -- SHA-256 (hex) of the bytes decoded; NULL when they could not be read
            size         BIGINT,              -- bytes on disk (files), NULL for URLs
            mtime        TIMESTAMP,           -- the file's modification time (UTC), NULL for URLs
            status       VARCHAR   NOT NULL,  -- 'ok', or the one-line reason the image was skipped
            indexed_at   TIMESTAMP NOT NULL   -- when its row was committed (UTC)
            """;
    static final String IMAGE_LAYERS_DDL = """
            image_id           INTEGER  NOT NULL,
            layer              SMALLINT NOT NULL,
            mse                DOUBLE   NOT NULL,  -- mean over the image's tokens of Σ(x − x̂)²
            explained_variance DOUBLE   NOT NULL,  -- mean over tokens of 1 − Σ(x − x̂)² / Σ(x − mean x)²
            l0                 DOUBLE   NOT NULL   -- mean number of active latents per token
            """;
    static final String ACTIVATIONS_DDL = """
            image_id       INTEGER  NOT NULL,
            layer          SMALLINT NOT NULL,
            latent         INTEGER  NOT NULL,  -- active (nonzero) on at least one token of the image
            cls            REAL     NOT NULL,  -- its value on the CLS token, 0 where not kept there
            patch_max      REAL     NOT NULL,  -- its largest value over the patch tokens (0 where not kept)
            peak_patch     SMALLINT NOT NULL,  -- the first patch (0 … 255, row-major) where patch_max is reached
            active_patches SMALLINT NOT NULL   -- on how many patches it is active
            """;

    /** Every table, created if missing. */
    static final String DDL = """
            CREATE TABLE IF NOT EXISTS scope_index (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
                run_id       INTEGER   NOT NULL,
                clip         VARCHAR   NOT NULL,  -- CLIP as given: repo id[@revision] or folder
                clip_weights VARCHAR   NOT NULL,  -- sha256:<hex> of model.safetensors (demo: the seed)
                saes         VARCHAR   NOT NULL,  -- the SAEs as given
                layers       VARCHAR   NOT NULL,  -- e.g. 2,5
                dtype        VARCHAR   NOT NULL,  -- float32 | float16
                device       VARCHAR   NOT NULL,  -- cpu | gpu
                token_policy VARCHAR   NOT NULL,  -- what is kept of each token (IndexSchema.TOKEN_POLICY)
                tokens       INTEGER   NOT NULL,  -- tokens per image: CLS + patches (257)
                created      TIMESTAMP NOT NULL
            );
            CREATE TABLE IF NOT EXISTS run_layers (
                run_id     INTEGER  NOT NULL,
                layer      SMALLINT NOT NULL,
                checkpoint VARCHAR  NOT NULL,  -- e.g. 22_resid/1000.pt
                weights    VARCHAR  NOT NULL,  -- sha256:<hex> of the checkpoint file
                n_features INTEGER  NOT NULL,
                k          INTEGER  NOT NULL
            );
            CREATE TABLE IF NOT EXISTS images (
            """ + IMAGES_DDL + """
            );
            CREATE TABLE IF NOT EXISTS image_layers (
            """ + IMAGE_LAYERS_DDL + """
            );
            CREATE TABLE IF NOT EXISTS activations (
            """ + ACTIVATIONS_DDL + """
            );
            """;

    /** The in-memory staging tables a batch is appended to before its one transaction copies it in. */
    static final String STAGING_DDL = """
            CREATE TABLE stage.images (
            """ + IMAGES_DDL + """
            );
            CREATE TABLE stage.image_layers (
            """ + IMAGE_LAYERS_DDL + """
            );
            CREATE TABLE stage.activations (
            """ + ACTIVATIONS_DDL + """
            );
            """;

    private IndexSchema() {
    }
}
