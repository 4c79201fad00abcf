package dev.scope.index;

import dev.scope.engine.LayerResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.ScannedImage;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Writes a scan into the index, one transaction per batch: each image's rows are appended to in-memory staging
 * tables as it comes, and when the scan reports the batch done, one transaction replaces the rows of any image
 * indexed before and copies the batch in. A process killed at any moment leaves the index as of the last
 * committed batch, so running the same command again finishes the job with no duplicate and no lost row.
 */
final class IndexWriter implements ScanListener {

    /** One input to index: the id it gets, what was seen of its file, whether it replaces older rows. */
    record Planned(ImageSource source, String key, int imageId, Long size, LocalDateTime mtime, boolean replaces) {
    }

    /** Told after each committed batch. */
    interface Committed {
        void onCommitted(int imagesDone, int ok, int skipped);
    }

    private final IndexStore store;
    private final List<Planned> planned;
    private final Committed committed;
    private final DuckDBAppender images;
    private final DuckDBAppender layers;
    private final DuckDBAppender activations;
    private boolean batchReplaces;
    private int done;
    private int ok;
    private int skipped;

    IndexWriter(IndexStore store, List<Planned> planned, Committed committed) throws IndexException {
        this.store = store;
        this.planned = planned;
        this.committed = committed;
        Connection c = store.connection();
        try (Statement s = c.createStatement()) {
            s.execute("ATTACH IF NOT EXISTS ':memory:' AS stage");
            for (String statement : IndexStore.statements(IndexSchema.STAGING_DDL.replace("CREATE TABLE ",
                    "CREATE OR REPLACE TABLE "))) {
                s.execute(statement);
            }
            DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
            images = duck.createAppender("stage", "main", IndexSchema.IMAGES);
            layers = duck.createAppender("stage", "main", IndexSchema.IMAGE_LAYERS);
            activations = duck.createAppender("stage", "main", IndexSchema.ACTIVATIONS);
        } catch (SQLException e) {
            throw store.translate(e, "write");
        }
    }

    @Override
    public void onImage(ScannedImage image) throws IOException {
        Planned p = planned.get(image.index());
        try {
            appendImage(p, image.contentHash(), IndexSchema.OK);
            for (Map.Entry<Integer, LayerResult> e : image.layers().entrySet()) {
                LayerSummary s = LayerSummary.of(e.getValue());
                layers.beginRow().append(p.imageId()).append((short) s.layer()).append(s.mse())
                        .append(s.explainedVariance()).append(s.l0()).endRow();
                for (int i = 0; i < s.size(); i++) {
                    activations.beginRow().append(p.imageId()).append((short) s.layer()).append(s.latents()[i])
                            .append(s.cls()[i]).append(s.patchMax()[i]).append(s.peakPatch()[i])
                            .append(s.activePatches()[i]).endRow();
                }
            }
        } catch (SQLException e) {
            throw store.translate(e, "write");
        }
        ok++;
    }

    @Override
    public void onSkipped(int index, ImageSource image, String reason) {
        try {
            appendImage(planned.get(index), null, reason.strip().replaceAll("\\s*\\R\\s*", " "));
        } catch (SQLException e) {
            throw new UncheckedIOException(store.translate(e, "write"));
        }
        skipped++;
    }

    private void appendImage(Planned p, String hash, String status) throws SQLException {
        batchReplaces |= p.replaces();
        images.beginRow().append(p.imageId()).append(p.key());
        if (hash == null) {
            images.appendNull();
        } else {
            images.append(hash);
        }
        if (p.size() == null) {
            images.appendNull();
        } else {
            images.append(p.size().longValue());
        }
        if (p.mtime() == null) {
            images.appendNull();
        } else {
            images.append(p.mtime());
        }
        images.append(status).append(IndexStore.now()).endRow();
        done++;
    }

    /** The scan finished a batch: commit it. */
    @Override
    public void onProgress(int scanned, int total) {
        try {
            commit();
        } catch (IndexException e) {
            throw new UncheckedIOException(e);
        }
        committed.onCommitted(done, ok, skipped);
    }

    private void commit() throws IndexException {
        Connection c = store.connection();
        try {
            images.flush();
            layers.flush();
            activations.flush();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (batchReplaces) {
                    for (String table : List.of(IndexSchema.ACTIVATIONS, IndexSchema.IMAGE_LAYERS, IndexSchema.IMAGES)) {
                        s.execute("DELETE FROM " + table + " WHERE image_id IN (SELECT image_id FROM stage.images)");
                    }
                }
                s.execute("INSERT INTO images SELECT " + IndexSchema.IMAGE_COLUMNS + " FROM stage.images");
                s.execute("INSERT INTO image_layers SELECT " + IndexSchema.IMAGE_LAYER_COLUMNS + " FROM stage.image_layers");
                s.execute("INSERT INTO activations SELECT " + IndexSchema.ACTIVATION_COLUMNS + " FROM stage.activations");
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the file keeps the last committed batch
            }
            throw store.translate(e, "write");
        } finally {
            try {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM stage.images");
                    s.execute("DELETE FROM stage.image_layers");
                    s.execute("DELETE FROM stage.activations");
                }
            } catch (SQLException ignored) {
                // a failed commit above already says what is wrong
            }
            batchReplaces = false;
        }
    }

    /** Closes the appenders; rows not committed are dropped. */
    void close() {
        for (DuckDBAppender a : new DuckDBAppender[] {images, layers, activations}) {
            try {
                a.close();
            } catch (SQLException ignored) {
                // staging only
            }
        }
    }
}
