package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.engine.scan.TopImages;
import dev.scope.index.IndexSummary;
import dev.scope.index.LatentReport;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.LatentDashboard;
import dev.scope.views.TableView;
import dev.scope.views.TopImagesGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** %scope index, latent, sql and top-from-the-index on the fixture scope, in process. */
class IndexCommandsTest {

    static final MagicContext NO_VARIABLES = name -> Optional.empty();
    static ScopeSession session;
    static ScopeMagics magics;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() throws Exception {
        session = new ScopeSession();
        magics = new ScopeMagics(session);
        run("load", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(), "--layers", "2,5",
                "--device", "cpu");
    }

    @AfterAll
    static void close() {
        session.closeIndex();
        session.replaceScope(null);
    }

    static Shown run(String... args) throws Exception {
        return magics.run(List.of(args), NO_VARIABLES);
    }

    @Test
    void indexThenAskTheDashboardSqlAndTop() throws Exception {
        Path db = tmp.resolve("fixtures.duckdb");
        Shown indexed = run("index", "--images", Fixtures.images().toString(), "--db", db.toString(), "--batch", "2");
        IndexSummary summary = (IndexSummary) indexed.value();
        assertEquals(5, summary.indexed());
        assertTrue(indexed.text().startsWith("Indexed 5 images into " + db), indexed.text());

        Shown again = run("index", "--images", Fixtures.images().toString(), "--db", db.toString());
        assertEquals(5, ((IndexSummary) again.value()).already());

        Shown latent = run("latent", "3", "--layer", "5", "--by", "max-patch", "--n", "4");
        LatentReport report = (LatentReport) latent.value();
        assertTrue(report.heatmaps(), "the loaded scope has the index's weights");
        assertEquals(4, report.top().size());
        assertEquals(TopImages.By.MAX_PATCH, report.by());
        assertTrue(latent.view(LatentDashboard.class).toPng().length > 10_000);

        Shown sql = run("sql", "SELECT layer, count(*) AS images, avg(l0) AS l0 FROM image_layers GROUP BY layer ORDER BY layer");
        Table table = (Table) sql.value();
        assertEquals(2, table.rowCount());
        assertEquals(8.0, table.doubleColumn("l0").get(0), 1e-9, "k 8: every token keeps 8 latents");
        assertTrue(sql.view(TableView.class).toHtml().contains("<th"));

        Shown top = run("top", "3", "--layer", "5", "--n", "3");
        assertInstanceOf(LatentReport.class, top.value());
        assertEquals(3, top.view(TopImagesGrid.class).images().size());
        Shown folder = run("top", "3", "--layer", "5", "--n", "3", "--images", Fixtures.images().toString());
        LatentRanking scanned = (LatentRanking) folder.value();
        assertEquals(scanned.files().subList(0, 3), ((LatentReport) top.value()).top().stream()
                .map(r -> r.name()).toList(), "the index ranks as a folder scan does");
    }

    @Test
    void errorsAreOneSentence() throws Exception {
        ScopeSession fresh = new ScopeSession();
        ScopeMagics other = new ScopeMagics(fresh);
        MagicException none = assertThrows(MagicException.class, () -> other.run(List.of("sql", "SELECT 1"), NO_VARIABLES));
        assertEquals("No index is open; build one with %scope index --images DIR --db FILE, or open one with --db FILE.",
                none.getMessage());
        Path missing = tmp.resolve("none.duckdb");
        MagicException absent = assertThrows(MagicException.class,
                () -> other.run(List.of("latent", "1", "--db", missing.toString()), NO_VARIABLES));
        assertTrue(absent.getMessage().startsWith("The index " + missing + " does not exist;"), absent.getMessage());
        assertFalse(absent.getMessage().contains("\n"));
        Path text = Files.writeString(tmp.resolve("plain.duckdb"), "not a database ".repeat(500));
        MagicException bad = assertThrows(MagicException.class,
                () -> other.run(List.of("sql", "SELECT 1", "--db", text.toString()), NO_VARIABLES));
        assertTrue(bad.getMessage().contains("is not a DuckDB database"), bad.getMessage());
    }
}
