package dev.scope.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DuckDB connection to an index file: opening it (created with the tables when new), its run, and the
 * translation of what can go wrong with a file (held by another process, a full disk, not an index, another
 * version) into {@link IndexException}s of one sentence. A folder of Parquet files (the Spark job's output)
 * opens read-only as views over {@code read_parquet}, with the same tables.
 */
final class IndexStore implements AutoCloseable {

    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");

    private final Path path;
    private final Connection connection;
    private final boolean parquet;

    private IndexStore(Path path, Connection connection, boolean parquet) {
        this.path = path;
        this.connection = connection;
        this.parquet = parquet;
    }

    /** Opens {@code file} for indexing, creating it (and its tables) when it does not exist. */
    static IndexStore openForWriting(Path file) throws IndexException {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IndexException("The index " + abs + " is a folder; pass a file name for --db, such as "
                    + abs.resolve("index.duckdb") + ".");
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IndexException("The folder of the index " + abs + " does not exist; create " + parent
                    + " first or pass another --db.");
        }
        IndexStore store = new IndexStore(abs, connect(abs, false), false);
        try {
            store.createTables();
            return store;
        } catch (IndexException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens an index file read-only, or a folder of Parquet tables written by the Spark job. */
    static IndexStore openForReading(Path fileOrFolder) throws IndexException {
        Path abs = fileOrFolder.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return parquetFolder(abs);
        }
        if (!Files.isRegularFile(abs)) {
            throw new IndexException("The index " + abs + " does not exist; build it with ./scope index --images DIR --db "
                    + abs + " (or %scope index), or check the path.");
        }
        IndexStore store = new IndexStore(abs, connect(abs, true), false);
        try {
            store.requireIndex();
            return store;
        } catch (IndexException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static IndexStore parquetFolder(Path folder) throws IndexException {
        IndexStore store = new IndexStore(folder, connect(null, false), true);
        try (Statement s = store.connection.createStatement()) {
            for (String table : IndexSchema.DATA_TABLES) {
                Path tableFolder = folder.resolve(table);
                if (!Files.isDirectory(tableFolder)) {
                    throw new IndexException("The folder " + folder + " is not an index: it has no " + table
                            + "/ folder of Parquet files; pass the output folder of ./scope index --spark, or an index file.");
                }
                s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('"
                        + tableFolder.resolve("*.parquet").toString().replace("'", "''") + "')");
            }
            return store;
        } catch (SQLException e) {
            store.close();
            throw store.translate(e, "read");
        } catch (IndexException e) {
            store.close();
            throw e;
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws IndexException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties properties = new Properties();
            if (readOnly) {
                properties.setProperty("duckdb.read_only", "true");
            }
            return DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file), properties);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB's JDBC driver is not on the classpath; add org.duckdb:duckdb_jdbc.", e);
        } catch (SQLException e) {
            throw translate(e, file, readOnly ? "open" : "open for writing");
        }
    }

    Path path() {
        return path;
    }

    boolean isParquet() {
        return parquet;
    }

    Connection connection() {
        return connection;
    }

    private void createTables() throws IndexException {
        try (Statement s = connection.createStatement()) {
            for (String statement : statements(IndexSchema.DDL)) {
                s.execute(statement);
            }
            String version = metaValue("version");
            if (version == null) {
                s.execute("INSERT INTO scope_index VALUES ('version', '" + IndexSchema.VERSION + "')");
            } else {
                requireVersion(version);
            }
        } catch (SQLException e) {
            throw translate(e, "write");
        }
    }

    private void requireIndex() throws IndexException {
        try {
            requireVersion(metaValue("version"));
        } catch (SQLException e) {
            throw new IndexException("The database " + path + " is not a scope index (it has no " + IndexSchema.META
                    + " table); pass an index made by ./scope index or %scope index.", e);
        }
    }

    private void requireVersion(String version) throws IndexException {
        if (version == null || !version.equals(String.valueOf(IndexSchema.VERSION))) {
            throw new IndexException("The index " + path + " has layout version " + version + " but this scope reads version "
                    + IndexSchema.VERSION + "; index the images again into a new file (--db another.duckdb).");
        }
    }

    private String metaValue(String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM scope_index WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The run this index holds, or null when nothing was indexed yet. */
    IndexRun run() throws IndexException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, clip, clip_weights, saes, layers, dtype, device, token_policy,"
                     + " tokens FROM runs ORDER BY run_id")) {
            if (!rs.next()) {
                return null;
            }
            int runId = rs.getInt(1);
            String clip = rs.getString(2);
            String clipWeights = rs.getString(3);
            String saes = rs.getString(4);
            String dtype = rs.getString(6);
            String device = rs.getString(7);
            String policy = rs.getString(8);
            int tokens = rs.getInt(9);
            List<IndexRun.Layer> layers = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT layer, checkpoint, weights, n_features, k"
                    + " FROM run_layers WHERE run_id = ? ORDER BY layer")) {
                ps.setInt(1, runId);
                try (ResultSet l = ps.executeQuery()) {
                    while (l.next()) {
                        layers.add(new IndexRun.Layer(l.getInt(1), l.getString(2), l.getString(3), l.getInt(4), l.getInt(5)));
                    }
                }
            }
            return new IndexRun(clip, clipWeights, saes, dtype, device, policy, tokens, layers);
        } catch (SQLException e) {
            throw translate(e, "read");
        }
    }

    /** Records {@code run} in a new index, or checks that it is the run the index holds. */
    void requireRun(IndexRun run) throws IndexException {
        IndexRun held = run();
        if (held == null) {
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO runs VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, run.clip());
                    ps.setString(2, run.clipWeights());
                    ps.setString(3, run.saes());
                    ps.setString(4, run.layersText());
                    ps.setString(5, run.dtype());
                    ps.setString(6, run.device());
                    ps.setString(7, run.tokenPolicy());
                    ps.setInt(8, run.tokens());
                    ps.setObject(9, now());
                    ps.execute();
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO run_layers VALUES (1, ?, ?, ?, ?, ?)")) {
                    for (IndexRun.Layer l : run.layers()) {
                        ps.setInt(1, l.layer());
                        ps.setString(2, l.checkpoint());
                        ps.setString(3, l.weights());
                        ps.setInt(4, l.nFeatures());
                        ps.setInt(5, l.k());
                        ps.execute();
                    }
                }
                connection.commit();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw translate(e, "write");
            }
            return;
        }
        String difference = held.difference(run);
        if (difference != null) {
            throw new IndexException("The index " + path + " was built with other weights or settings: " + difference
                    + "; index into another file (--db other.duckdb), or run again with " + held.loadFlags() + ".");
        }
    }

    static LocalDateTime now() {
        return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    }

    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        for (String part : sql.split(";\\s*\\n")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** What went wrong with this store's file, in one sentence; {@code doing} is "read" or "write". */
    IndexException translate(SQLException e, String doing) {
        return translate(e, parquet ? null : path, doing);
    }

    static IndexException translate(SQLException e, Path file, String doing) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String name = file == null ? "The index" : "The index " + file;
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("could not set lock") || lower.contains("conflicting lock")) {
            Matcher pid = LOCK_PID.matcher(message);
            return new IndexException(name + " is open in another process" + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                    + "; close it there (a notebook with %scope latent, or a running ./scope index) or pass another --db.", e);
        }
        if (lower.contains("no space left") || lower.contains("disk is full") || lower.contains("disk full")) {
            return new IndexException(name + " could not be written: the disk is full; free some space (or pass --db on"
                    + " another disk) and run the same command again: what was committed is kept.", e);
        }
        if (lower.contains("not a valid duckdb database") || lower.contains("unable to open database")
                && lower.contains("not a") || lower.contains("the file is not a valid")) {
            return new IndexException(name + " is not a DuckDB database; pass a new file name or an index made by"
                    + " ./scope index.", e);
        }
        if (lower.contains("storage version") || lower.contains("newer version") || lower.contains("older version")) {
            return new IndexException(name + " was written by another DuckDB version (" + firstLine(message)
                    + "); index the images again into a new file.", e);
        }
        if (lower.contains("read-only") || lower.contains("read only") || lower.contains("permission denied")) {
            return new IndexException(name + " cannot be " + (doing.startsWith("open") ? "opened" : doing + "ten")
                    + " (" + firstLine(message) + "); check its permissions or pass another --db.", e);
        }
        return new IndexException(name + " could not be " + (doing.equals("write") ? "written" : doing.equals("read")
                ? "read" : "opened") + " (" + firstLine(message) + "); check the file and the disk, then run again.", e);
    }

    private static String firstLine(String message) {
        String line = message.strip().split("\\R", 2)[0];
        return line.length() > 240 ? line.substring(0, 240) + "…" : line;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort; committed work is in the file already
        }
    }
}
