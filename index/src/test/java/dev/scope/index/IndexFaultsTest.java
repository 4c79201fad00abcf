package dev.scope.index;

import dev.scope.engine.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What can go wrong with the file: held by another process, a full disk, not an index. One sentence each; nothing lost. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexFaultsTest {

    Scope scope;
    Path images;

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        scope = IndexFixtures.scope();
        images = tmp.resolve("images");
        IndexFixtures.collection(images, 160, 5L);
    }

    @AfterAll
    void close() {
        scope.close();
    }

    @Test
    void anIndexHeldByAnotherProcessIsNamedWithThatProcess(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("held.duckdb");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldIndex.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("holding", first);
            IndexException e = assertThrows(IndexException.class, () -> Indexer.run(scope,
                    ImageInputs.parse(images.toString()), db, IndexFixtures.LAYERS, 8, Indexer.Listener.NONE));
            assertEquals("The index " + db + " is open in another process (PID " + holder.pid() + "); close it there (a"
                    + " notebook with %scope latent, or a running ./scope index) or pass another --db.", e.getMessage());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        IndexSummary after = Indexer.run(scope, ImageInputs.parse(images.toString()), db, IndexFixtures.LAYERS, 8,
                Indexer.Listener.NONE);
        assertEquals(160, after.indexed());
    }

    @Test
    void aFullDiskStopsWithOneSentenceAndTheIndexStaysConsistent(@TempDir Path tmp) throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        Assumptions.assumeTrue(mount(disk, "size=320k"), "skipped: this test mounts a small tmpfs, which needs root"
                + " and the mount command (mount -t tmpfs -o size=320k tmpfs " + disk + " failed here)");
        try {
            Path db = disk.resolve("full.duckdb");
            IndexException e = assertThrows(IndexException.class, () -> Indexer.run(scope,
                    ImageInputs.parse(images.toString()), db, IndexFixtures.LAYERS, 8, Indexer.Listener.NONE));
            assertEquals("The index " + db + " could not be written: the disk is full; free some space (or pass --db on"
                    + " another disk) and run the same command again: what was committed is kept.", e.getMessage());
            assertTrue(new ProcessBuilder("mount", "-o", "remount,size=64m", disk.toString()).start().waitFor() == 0);
            IndexSummary finish = Indexer.run(scope, ImageInputs.parse(images.toString()), db, IndexFixtures.LAYERS, 8,
                    Indexer.Listener.NONE);
            assertEquals(160, finish.already() + finish.indexed());
            System.out.println("IndexFaultsTest: the disk filled after " + finish.already() + " of 160 images were"
                    + " committed; after more space the same command indexed the other " + finish.indexed() + ".");
            Path reference = tmp.resolve("reference.duckdb");
            Indexer.run(scope, ImageInputs.parse(images.toString()), reference, IndexFixtures.LAYERS, 8,
                    Indexer.Listener.NONE);
            try (ActivationIndex a = ActivationIndex.open(reference); ActivationIndex b = ActivationIndex.open(db)) {
                for (String q : List.of("SELECT * EXCLUDE (indexed_at) FROM images ORDER BY image_id",
                        "SELECT * FROM image_layers ORDER BY image_id, layer",
                        "SELECT * FROM activations ORDER BY image_id, layer, latent")) {
                    assertEquals(a.sql(q).printAll(), b.sql(q).printAll(), q);
                }
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }

    @Test
    void aFileThatIsNotAnIndexIsRefused(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.duckdb"), "hello, not a database\n".repeat(400));
        IndexException e = assertThrows(IndexException.class, () -> ActivationIndex.open(text));
        assertTrue(e.getMessage().startsWith("The index " + text + " is not a DuckDB database"), e.getMessage());
        IndexException missing = assertThrows(IndexException.class, () -> ActivationIndex.open(tmp.resolve("none.duckdb")));
        assertTrue(missing.getMessage().startsWith("The index " + tmp.resolve("none.duckdb") + " does not exist;"));
    }

    static boolean mount(Path dir, String options) {
        try {
            return new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
