package dev.scope.cli;

import dev.scope.engine.Fixtures;
import dev.scope.index.ActivationIndex;
import dev.scope.index.IndexFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ./scope index} killed with SIGKILL at several points (a real child JVM running the CLI), then run again
 * to the end, gives the very rows of an index built in one run.
 */
class IndexKillTest {

    static final int IMAGES = 400;
    static final Pattern PERCENT = Pattern.compile("\\] (\\d+)% ");

    @Test
    void killedAnywhereAndRunAgainGivesTheRowsOfOneRun(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        IndexFixtures.collection(images, IMAGES, 99L);
        Path once = tmp.resolve("once.duckdb");
        Path killed = tmp.resolve("killed.duckdb");

        ScopeCliTest.Run single = ScopeCliTest.run(args(images, once));
        assertEquals(0, single.status(), single.err());

        Random random = new Random(20_261_130L);
        int[] targets = {5 + random.nextInt(20), 35 + random.nextInt(20), 65 + random.nextInt(25)};
        List<String> kills = new ArrayList<>();
        for (int target : targets) {
            Process child = child(images, killed);
            int reached = waitForPercent(child, target);
            Thread.sleep(random.nextInt(400)); // anywhere: mid-batch, mid-commit
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not die");
            kills.add(reached + "% (+" + target + "% asked)");
        }
        Process last = child(images, killed);
        waitForPercent(last, 101);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue());
        System.out.println("IndexKillTest: killed at " + kills + ", then ran to the end");

        try (ActivationIndex a = ActivationIndex.open(once); ActivationIndex b = ActivationIndex.open(killed)) {
            assertEquals(IMAGES, b.images());
            for (String query : List.of(
                    "SELECT * EXCLUDE (indexed_at) FROM images ORDER BY image_id",
                    "SELECT * FROM image_layers ORDER BY image_id, layer",
                    "SELECT * FROM activations ORDER BY image_id, layer, latent",
                    "SELECT * EXCLUDE (created) FROM runs",
                    "SELECT * FROM run_layers ORDER BY layer")) {
                String want = a.sql(query).printAll();
                String got = b.sql(query).printAll();
                assertEquals(want, got, query);
            }
            assertEquals(a.sql("SELECT count(*) AS n FROM activations").printAll(),
                    b.sql("SELECT count(*) AS n FROM activations").printAll());
        }
    }

    static String[] args(Path images, Path db) {
        return new String[] {"index", "--images", images.toString(), "--db", db.toString(), "--clip",
                Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(), "--layers", "2,5", "--device", "cpu",
                "--batch", "8"};
    }

    static Process child(Path images, Path db) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", ""), "-Xmx512m", ScopeCli.class.getName()));
        command.addAll(List.of(args(images, db)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's progress lines until one reaches {@code percent} (or the output ends); returns the last. */
    static int waitForPercent(Process child, int percent) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int last = -1;
        StringBuilder seen = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            seen.append(line).append('\n');
            Matcher m = PERCENT.matcher(line);
            if (m.find()) {
                last = Integer.parseInt(m.group(1));
                if (last >= percent) {
                    return last;
                }
            }
        }
        if (percent <= 100) {
            fail(String.format(Locale.ROOT, "the child ended before %d%%: %s", percent, seen));
        }
        return last;
    }
}
