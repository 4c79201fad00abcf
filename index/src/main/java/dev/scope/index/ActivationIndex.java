package dev.scope.index;

import dev.scope.engine.Scope;
import dev.scope.engine.scan.TopImages;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An activation index opened for questions: a DuckDB file made by {@link Indexer}, or the Parquet folder of the
 * Spark job (same tables). Each question is a method returning records; {@link #sql} runs any SQL on the tables
 * ({@link IndexSchema}) and returns a Tablesaw table. Questions that need pixels (heatmaps, every latent on a
 * patch) take the scope and recompute from the image ({@link OnDemand}).
 *
 * <pre>
 * jshell&gt; var index = ActivationIndex.open(Path.of("photos.duckdb"));
 * jshell&gt; index.top(22, 4242, TopImages.By.CLS, 9)          // the 9 images where latent 4242 fires most
 * jshell&gt; index.stats(22, 4242, TopImages.By.CLS).density()
 * jshell&gt; index.sql("SELECT layer, avg(l0) FROM image_layers GROUP BY layer")
 * </pre>
 */
public final class ActivationIndex implements AutoCloseable {

    /** The most rows {@link #sql} returns: a notebook table of more is no use to anyone. */
    public static final int MAX_SQL_ROWS = 100_000;

    private final IndexStore store;
    private final IndexRun run;

    private ActivationIndex(IndexStore store, IndexRun run) {
        this.store = store;
        this.run = run;
    }

    /** Opens an index file read-only (other readers may open it too), or a Spark job's Parquet folder. */
    public static ActivationIndex open(Path fileOrFolder) throws IndexException {
        IndexStore store = IndexStore.openForReading(fileOrFolder);
        try {
            IndexRun run = store.run();
            if (run == null) {
                throw new IndexException("The index " + store.path() + " is empty: no images were indexed into it yet;"
                        + " run ./scope index (or %scope index) with --db " + store.path() + ".");
            }
            return new ActivationIndex(store, run);
        } catch (IndexException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Path path() {
        return store.path();
    }

    public IndexRun run() {
        return run;
    }

    public List<Integer> layers() {
        return run.layerIds();
    }

    /** Images indexed (status ok). */
    public long images() throws IndexException {
        return count("SELECT count(*) FROM images WHERE status = 'ok'");
    }

    /** Inputs skipped, each with its reason in {@code images.status}. */
    public long skipped() throws IndexException {
        return count("SELECT count(*) FROM images WHERE status <> 'ok'");
    }

    /**
     * The {@code n} images where {@code latent} is largest at {@code layer}, by CLS value or largest patch value,
     * over every indexed image (0 where it is not active), largest first, then in input order.
     */
    public List<LatentHit> top(int layer, int latent, TopImages.By by, int n) throws IndexException {
        requireLatent(layer, latent);
        String column = column(by);
        String sql = "SELECT i.image_id, i.source, COALESCE(a." + column + ", 0::REAL) AS v, COALESCE(a.peak_patch, 0)"
                + " FROM images i LEFT JOIN (SELECT image_id, " + column + ", peak_patch FROM activations"
                + " WHERE layer = ? AND latent = ?) a ON a.image_id = i.image_id WHERE i.status = 'ok'"
                + " ORDER BY v DESC, i.image_id LIMIT ?";
        List<LatentHit> hits = new ArrayList<>();
        query(sql, rs -> hits.add(new LatentHit(rs.getInt(1), rs.getString(2), rs.getFloat(3), rs.getInt(4))),
                layer, latent, n);
        return hits;
    }

    /** The latent's values where it is active, their quantiles, and its density. */
    public LatentStats stats(int layer, int latent, TopImages.By by) throws IndexException {
        requireLatent(layer, latent);
        String active = by == TopImages.By.CLS ? "cls <> 0" : "active_patches > 0";
        List<Float> values = new ArrayList<>();
        query("SELECT " + column(by) + " AS v FROM activations WHERE layer = ? AND latent = ? AND " + active
                + " ORDER BY v DESC", rs -> values.add(rs.getFloat(1)), layer, latent);
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return new LatentStats(layer, latent, by, images(), array);
    }

    /** The {@code n} latents active on the most of the images where {@code latent} is active (any token). */
    public List<CoLatent> cooccurring(int layer, int latent, int n) throws IndexException {
        requireLatent(layer, latent);
        long with = count("SELECT count(*) FROM activations WHERE layer = " + layer + " AND latent = " + latent);
        List<CoLatent> out = new ArrayList<>();
        query("SELECT a.latent, count(*) AS images FROM activations a JOIN (SELECT image_id FROM activations"
                + " WHERE layer = ? AND latent = ?) x ON a.image_id = x.image_id WHERE a.layer = ? AND a.latent <> ?"
                + " GROUP BY a.latent ORDER BY images DESC, a.latent LIMIT ?",
                rs -> out.add(new CoLatent(rs.getInt(1), rs.getLong(2), with == 0 ? 0 : (double) rs.getLong(2) / with)),
                layer, latent, layer, latent, n);
        return out;
    }

    /** An image's {@code n} strongest latents at each indexed layer (by the larger of CLS and patch value). */
    public List<ImageLatent> imageLatents(int imageId, int n) throws IndexException {
        List<ImageLatent> out = new ArrayList<>();
        query("SELECT layer, latent, cls, patch_max, peak_patch, active_patches FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY layer ORDER BY greatest(cls, patch_max) DESC, latent) AS r FROM activations"
                + " WHERE image_id = ?) WHERE r <= ? ORDER BY layer, r",
                rs -> out.add(new ImageLatent(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getFloat(4), rs.getInt(5),
                        rs.getInt(6))), imageId, n);
        return out;
    }

    /** The latents whose largest patch value is at {@code patch} of an image, at each of {@code layers}. */
    public List<ImageLatent> peakingAt(int imageId, int patch, List<Integer> layers) throws IndexException {
        List<ImageLatent> out = new ArrayList<>();
        for (int layer : layers) {
            run.layer(layer);
            query("SELECT layer, latent, cls, patch_max, peak_patch, active_patches FROM activations WHERE image_id = ?"
                    + " AND layer = ? AND peak_patch = ? AND active_patches > 0 ORDER BY patch_max DESC, latent",
                    rs -> out.add(new ImageLatent(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getFloat(4), rs.getInt(5),
                            rs.getInt(6))), imageId, layer, patch);
        }
        return out;
    }

    /** The id of an indexed image, by its id, its path or URL as indexed, or its file name when that is unique. */
    public int imageId(String image) throws IndexException {
        String t = image.strip();
        List<Integer> ids = new ArrayList<>();
        if (t.matches("\\d+")) {
            query("SELECT image_id FROM images WHERE image_id = ?", rs -> ids.add(rs.getInt(1)), Integer.parseInt(t));
        }
        if (ids.isEmpty()) {
            String absolute = t.contains("://") ? t : Path.of(t).toAbsolutePath().normalize().toString();
            query("SELECT image_id FROM images WHERE source = ? OR source = ? OR source LIKE ? ORDER BY image_id",
                    rs -> ids.add(rs.getInt(1)), t, absolute, "%/" + t.replace("%", "\\%").replace("_", "\\_"));
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("The image " + t + " is not in the index " + store.path()
                    + "; give its id, path or file name as listed by %scope sql \"SELECT image_id, source FROM images\".");
        }
        if (ids.size() > 1 && !t.matches("\\d+")) {
            throw new IllegalArgumentException("The name " + t + " matches " + ids.size() + " images of the index; give"
                    + " its full path or its image_id.");
        }
        return ids.get(0);
    }

    /** The source (path or URL) of an indexed image. */
    public String source(int imageId) throws IndexException {
        List<String> out = new ArrayList<>();
        query("SELECT source FROM images WHERE image_id = ?", rs -> out.add(rs.getString(1)), imageId);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("There is no image " + imageId + " in the index " + store.path() + ".");
        }
        return out.get(0);
    }

    /** The latents of {@code layer} active on no token of any indexed image. */
    public DeadLatents dead(int layer) throws IndexException {
        int features = run.layer(layer).nFeatures();
        List<Integer> dead = new ArrayList<>();
        query("SELECT r.range::INTEGER FROM range(" + features + ") r WHERE NOT EXISTS (SELECT 1 FROM activations a"
                + " WHERE a.layer = ? AND a.latent = r.range) ORDER BY 1", rs -> dead.add(rs.getInt(1)), layer);
        return new DeadLatents(layer, features, images(), dead.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Each layer's reconstruction figures over the indexed images. */
    public List<LayerFigures> figures() throws IndexException {
        List<LayerFigures> out = new ArrayList<>();
        query("SELECT layer, count(*), avg(mse), avg(explained_variance), avg(l0) FROM image_layers GROUP BY layer"
                + " ORDER BY layer", rs -> out.add(new LayerFigures(rs.getInt(1), rs.getLong(2), rs.getDouble(3),
                rs.getDouble(4), rs.getDouble(5))));
        return out;
    }

    /**
     * Everything a latent's dashboard shows: the top {@code n} images (with heatmaps recomputed when {@code scope}
     * holds the index's weights for the layer), the latent's spread and its 10 most frequent companions.
     */
    public LatentReport report(int layer, int latent, TopImages.By by, int n, Optional<Scope> scope) throws IOException {
        List<LatentHit> hits = top(layer, latent, by, n);
        return OnDemand.report(this, layer, latent, by, hits, stats(layer, latent, by), cooccurring(layer, latent, 10),
                scope);
    }

    /** Runs SQL on the index's tables and returns at most {@link #MAX_SQL_ROWS} rows as a table. */
    public Table sql(String query) throws IndexException {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("No SQL was given; write a query such as SELECT count(*) FROM images.");
        }
        try (Statement s = store.connection().createStatement()) {
            s.setMaxRows(MAX_SQL_ROWS);
            try (ResultSet rs = s.executeQuery(query)) {
                return Table.read().db(rs, "query");
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("The SQL failed: " + oneLine(e.getMessage()) + " (the tables are "
                    + String.join(", ", IndexSchema.DATA_TABLES) + "; see the README's index schema).", e);
        }
    }

    private void requireLatent(int layer, int latent) {
        int features = run.layer(layer).nFeatures();
        if (latent < 0 || latent >= features) {
            throw new IllegalArgumentException("Latent " + latent + " is out of range; layer " + layer
                    + "'s SAE has latents 0 to " + (features - 1) + ".");
        }
    }

    private static String column(TopImages.By by) {
        return by == TopImages.By.CLS ? "cls" : "patch_max";
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... parameters) throws IndexException {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw store.translate(e, "read");
        }
    }

    private long count(String sql) throws IndexException {
        long[] out = new long[1];
        query(sql, rs -> out[0] = rs.getLong(1));
        return out[0];
    }

    private static String oneLine(String message) {
        return message == null ? "no message" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "ActivationIndex(" + store.path() + ", " + run.describe() + ")";
    }
}
