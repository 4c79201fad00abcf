package dev.scope.index;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.Scanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Indexes an image collection into a DuckDB file with a loaded scope: {@link Scope#scan} reads and prepares the
 * images on its reader thread while this thread runs the model, and {@link IndexWriter} commits each batch.
 * Images already in the index with the same file (path, size, modification time) and run are not read again;
 * a file whose size or time changed is indexed again under its old id. Ids follow the order of the input, so
 * a run interrupted anywhere and run again gives the same rows as one run.
 *
 * <pre>
 * jshell&gt; var summary = Indexer.run(scope, ImageInputs.parse("photos/"), Path.of("photos.duckdb"),
 *    ...&gt;         scope.layers(), 8, p -&gt; System.err.println(p.detail()));
 * </pre>
 */
public final class Indexer {

    /** Told after each committed batch. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> { };

        void onProgress(IndexProgress progress);
    }

    private record Known(int imageId, Long size, LocalDateTime mtime) {
    }

    private Indexer() {
    }

    public static IndexSummary run(Scope scope, List<ImageSource> images, Path db, Collection<Integer> layers, int batch,
                                   Listener listener) throws IOException {
        return run(scope, images, db, layers, batch, listener, image -> { });
    }

    /**
     * As {@link #run(Scope, List, Path, Collection, int, Listener)}, also handing each image scanned to {@code also}
     * (after the index has its rows, before the batch commits): other work on the same forward pass, such as
     * {@link dev.scope.engine.scan.TopImages} or {@link dev.scope.engine.scan.MetricsAccumulator}.
     */
    public static IndexSummary run(Scope scope, List<ImageSource> images, Path db, Collection<Integer> layers, int batch,
                                   Listener listener, ScanListener also) throws IOException {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        if (batch < 1 || batch > Scanner.MAX_BATCH) {
            throw new IllegalArgumentException("--batch " + batch + " is out of range; pass 1 to " + Scanner.MAX_BATCH + ".");
        }
        IndexRun run = IndexRun.of(scope, wanted);
        try (IndexStore store = IndexStore.openForWriting(db)) {
            store.requireRun(run);
            List<IndexWriter.Planned> todo = plan(store, images);
            int already = images.size() - todo.size();
            long start = System.nanoTime();
            int[] counts = new int[3];
            IndexWriter writer = new IndexWriter(store, todo, (done, ok, skipped) -> {
                counts[0] = done;
                counts[1] = ok;
                counts[2] = skipped;
                listener.onProgress(new IndexProgress(already + done, images.size(), (System.nanoTime() - start) / 1e9,
                        done));
            });
            listener.onProgress(new IndexProgress(already, images.size(), 0, 0));
            try {
                if (!todo.isEmpty()) {
                    scope.scan(todo.stream().map(IndexWriter.Planned::source).toList(), wanted, batch,
                            ScanListener.both(writer, also));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                writer.close();
            }
            return new IndexSummary(store.path(), run, images.size(), already, counts[1], counts[2],
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The inputs not yet in the index as they are now, each with its id; repeated inputs count once. */
    private static List<IndexWriter.Planned> plan(IndexStore store, List<ImageSource> images) throws IndexException {
        Map<String, Known> known = new HashMap<>();
        int next = 1;
        try (PreparedStatement ps = store.connection().prepareStatement("SELECT source, image_id, size, mtime FROM images");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long size = rs.getLong(3);
                Long boxed = rs.wasNull() ? null : size;
                known.put(rs.getString(1), new Known(rs.getInt(2), boxed, rs.getObject(4, LocalDateTime.class)));
                next = Math.max(next, rs.getInt(2) + 1);
            }
        } catch (SQLException e) {
            throw store.translate(e, "read");
        }
        List<IndexWriter.Planned> todo = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImageSource source : images) {
            InputFile file = InputFile.of(source);
            if (!seen.add(file.key())) {
                continue;
            }
            Known k = known.get(file.key());
            if (k != null && (source instanceof ImageSource.Url
                    || file.size() != null && file.size().equals(k.size()) && file.mtime().equals(k.mtime()))) {
                continue;
            }
            todo.add(new IndexWriter.Planned(source, file.key(), k != null ? k.imageId() : next++, file.size(),
                    file.mtime(), k != null));
        }
        return todo;
    }
}
