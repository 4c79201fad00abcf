package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.scan.LatentRanking;
import dev.scope.engine.scan.Metrics;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.ActiveLatentsChart;
import dev.scope.views.ActivationHistogram;
import dev.scope.views.DemoMark;
import dev.scope.views.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The demo scope through every subcommand, and the errors of a session with nothing loaded yet. */
class DemoCommandsTest {

    @Test
    void beforeLoadAndBeforeForwardTheErrorsSayWhatToRun() {
        ScopeMagics magics = new ScopeMagics(new ScopeSession());
        MagicContext none = name -> Optional.empty();
        assertEquals("No scope is loaded; run %scope load first (or %scope load --demo for a small random one that needs"
                + " no download).", assertThrows(MagicException.class,
                () -> magics.run(List.of("forward", "black"), none)).getMessage());
        assertThrows(MagicException.class, () -> magics.run(List.of("heatmap", "3"), none));
        assertEquals("%scope has no subcommand 'plot'; use one of load, forward, latents, heatmap, explore, metrics, cost, top, labels, ablate, clamp, steer, explain, index, latent, sql, help"
                + " (%scope help shows their usage).", assertThrows(UnknownSubcommandException.class,
                () -> magics.run(List.of("plot"), none)).getMessage());
    }

    @Test
    void helpListsEverySubcommandAndItsDefaults() throws Exception {
        ScopeMagics magics = new ScopeMagics(new ScopeSession());
        String help = magics.run(List.of("help"), name -> Optional.empty()).text();
        for (String usage : List.of("%scope load [--layers 22|2,5|all]", "%scope forward <image>", "%scope latents [--layer L]",
                "%scope heatmap <latent>[,<latent>…]", "%scope metrics [--images DIR|a.png,b.png]",
                "%scope cost [--images DIR|a.png,b.png] [--prompts FILE]",
                "%scope top <latent> [--images DIR]", "%scope index --images DIR|list.txt --db FILE",
                "%scope latent <id> [--layer L] [--db FILE]", "%scope sql \"SELECT …\"", "%scope help")) {
            assertTrue(help.contains(usage), usage);
        }
        assertTrue(help.contains("the deepest layer the SAEs have (default: 22"), help);
        assertEquals(help, magics.run(List.of(), name -> Optional.empty()).text(), "%scope alone shows the help");
        String one = magics.run(List.of("help", "top"), name -> Optional.empty()).text();
        assertTrue(one.startsWith("%scope top <latent>"));
        assertFalse(one.contains("%scope load"));
    }

    @Test
    void everyOutputOfTheDemoScopeIsMarked(@TempDir Path dir) throws Exception {
        ScopeSession session = new ScopeSession();
        ScopeMagics magics = new ScopeMagics(session);
        BufferedImage mine = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        MagicContext context = name -> Optional.ofNullable(Map.<String, Object>of("img", mine).get(name));
        try {
            assertThrows(MagicException.class, () -> magics.run(List.of("load", "--demo", "--clip", "x"), context));
            assertEquals("Layer 22 is not among the demo scope's layers [2, 5]; pick one of those.",
                    assertThrows(MagicException.class, () -> magics.run(List.of("load", "--demo", "--layers", "22"), context))
                            .getMessage());
            Shown deepest = magics.run(List.of("load", "--demo"), context);
            assertEquals(List.of(5), List.copyOf(((Scope) deepest.value()).layers()), "the default is the deepest layer");
            Shown load = magics.run(List.of("load", "--demo", "--layers", "all"), context);
            Scope scope = (Scope) load.value();
            assertTrue(scope.isDemo());
            assertTrue(load.view(TableView.class).demo());
            assertEquals(List.of("demo (random)", "demo (random)"),
                    load.view(TableView.class).table().stringColumn("checkpoint").asList());

            Shown forward = magics.run(List.of("forward", "img"), context);
            assertTrue(forward.text().startsWith(DemoMark.TEXT));
            assertTrue(forward.text().contains("latent shape (1, " + Scope.DEMO_FEATURES + ")"));
            assertTrue(forward.text().contains("reconstruction shape (1, 64)"));
            assertTrue(((ScopeResult) forward.value()).demo());
            assertTrue(forward.view(BufferedImage.class).getHeight() > 224, "the crop has the DEMO banner");
            assertTrue(forward.view(TableView.class).demo());

            Shown latents = magics.run(List.of("latents", "--token", "mean"), context);
            assertTrue(latents.view(ActiveLatentsChart.class).chart().getTitle().startsWith(DemoMark.TEXT));
            assertTrue(latents.view(TableView.class).demo());

            Shown metrics = magics.run(List.of("metrics"), context);
            Metrics measured = (Metrics) metrics.value();
            assertEquals(List.of(2, 5), measured.layers());
            assertEquals(Scope.DEMO_K, measured.layer(2).l0(), 1e-9);
            assertTrue(metrics.view(TableView.class).demo());

            Files.copy(Fixtures.image("coffee"), dir.resolve("coffee.png"));
            Files.copy(Fixtures.image("chelsea"), dir.resolve("chelsea.png"));
            Shown top = magics.run(List.of("top", "0", "--images", dir.toString(), "--by", "max-patch"), context);
            assertTrue(top.view(ActivationHistogram.class).chart().getTitle().startsWith(DemoMark.TEXT));
            assertEquals(2, ((LatentRanking) top.value()).files().size());

            assertThrows(MagicException.class, () -> magics.run(List.of("load", "--clip", dir.resolve("nope").toString()),
                    context));
            assertSame(scope, session.requireScope(), "a load that fails on its sources keeps the scope loaded before");
            assertTrue(session.lastResult().isPresent());
            Shown reload = magics.run(List.of("load", "--demo"), context);
            assertNotSame(scope, reload.value());
            assertTrue(session.lastResult().isEmpty(), "a new load forgets results of the old scope");
            assertEquals(0, session.cache().size());
        } finally {
            session.replaceScope(null);
        }
    }
}
