package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.kernel.ext.MagicContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %scope top} over more files than any bound the old cache had: it streams, and asking again reads the cache. */
class TopOnALargeFolderTest {

    @Test
    void aFolderOfTwentyThousandAndOneFilesCompletes(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Files.copy(Fixtures.image("chelsea"), dir.resolve("image-10000.png"));
        Files.copy(Fixtures.image("coffee"), dir.resolve("image-20000.png"));
        for (int i = 0; i < 19_999; i++) {
            Files.write(dir.resolve(String.format("file-%05d.txt", i)), new byte[] {'x'});
        }
        long t1 = System.nanoTime();
        ScopeSession session = new ScopeSession();
        ScopeMagics magics = new ScopeMagics(session);
        MagicContext none = name -> Optional.empty();
        try {
            magics.run(List.of("load", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                    "--layers", "5", "--device", "cpu"), none);
            Shown first = magics.run(List.of("top", "3", "--images", dir.toString()), none);
            long t2 = System.nanoTime();
            LatentRanking ranking = (LatentRanking) first.value();
            assertEquals(2, ranking.files().size());
            assertEquals(19_999, ranking.skipped().size());
            assertTrue(first.text().startsWith("2 images: 2 scanned, 0 from the cache; skipped 19999 files that are not"
                    + " images: file-00000.txt, file-00001.txt"), first.text());
            LatentRanking again = (LatentRanking) magics.run(List.of("top", "4", "--images", dir.toString()), none).value();
            long t3 = System.nanoTime();
            assertEquals(2, again.cached());
            assertEquals(0, again.scanned());
            assertEquals(20_001, session.cache().size(), "every file answered from the cache the second time");
            System.out.printf("20,001 files: written in %.1f s, scanned in %.1f s, from the cache in %.1f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        } finally {
            session.replaceScope(null);
        }
    }
}
