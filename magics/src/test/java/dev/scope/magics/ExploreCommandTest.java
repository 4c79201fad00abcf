package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.widgets.Button;
import dev.scope.views.ActiveLatents;
import dev.scope.views.Explorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** {@code %scope explore} on the demo scope, its widgets driven as a front end would drive them. */
class ExploreCommandTest {

    private static final ScopeSession SESSION = new ScopeSession();
    private static final ScopeMagics MAGICS = new ScopeMagics(SESSION);
    private static final MagicContext CONTEXT = name -> Optional.ofNullable(Map.<String, Object>of(
            "img", new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB)).get(name));
    private static ScopeResult result;

    @BeforeAll
    static void forward() throws Exception {
        MAGICS.run(List.of("load", "--demo", "--layers", "2,5"), CONTEXT);
        result = (ScopeResult) MAGICS.run(List.of("forward", "img"), CONTEXT).value();
    }

    @AfterAll
    static void unload() {
        SESSION.replaceScope(null);
    }

    @Test
    void theExplorerStartsAtTheDeepestLayerOnClsWithItsTopLatents() throws Exception {
        Explorer explorer = explore("--top", "5");
        assertEquals("5", explorer.layer().value(), "the demo scope's deepest layer");
        assertEquals(List.of("2", "5"), explorer.layer().options());
        assertEquals("CLS", explorer.token().value());
        assertEquals(topOf(result.layer(5), 0, 5), explorer.ranking());
        assertEquals(explorer.ranking().ids()[0], explorer.latent());
        assertEquals(5, explorer.rank().max());
        assertTrue(explorer.row().disabled(), "row and column only matter for a patch");
        assertEquals(5, explorer.widget().children().get(3) instanceof dev.scope.kernel.ext.widgets.HBox box
                ? box.children().size() : -1, "one button per latent");
        assertNotNull(png(explorer.heatmap().value()));
        assertNotNull(png(explorer.bars().value()));
    }

    @Test
    void movingTheRankRedrawsTheHeatmapOnly() throws Exception {
        Explorer explorer = explore();
        byte[] first = explorer.heatmap().value();
        byte[] bars = explorer.bars().value();
        explorer.rank().value(3);
        assertEquals(explorer.ranking().ids()[2], explorer.latent());
        assertFalse(Arrays.equals(first, explorer.heatmap().value()), "the heatmap of another latent");
        assertArrayEquals(bars, explorer.bars().value(), "the token's bars stay");
        float[] overTokens = result.layer(5).latentOverTokens(explorer.latent());
        assertEquals(overTokens.length, 1 + 16 * 16, "the heatmap draws the latent over every token");
    }

    @Test
    void aPatchChosenByRowAndColumnShowsThatPatchsLatents() {
        Explorer explorer = explore("--layer", "2");
        explorer.token().value("patch");
        assertFalse(explorer.row().disabled());
        explorer.row().value(3);
        explorer.column().value(7);
        assertEquals(topOf(result.layer(2), 1 + 3 * 16 + 7, ExploreCommand.DEFAULT_TOP), explorer.ranking());
        assertEquals(1, explorer.rank().value(), "a new token starts at its largest latent");
        assertTrue(explorer.toString().contains("row 3, col 7"), explorer.toString());
        explorer.layer().value("5");
        assertEquals(topOf(result.layer(5), 1 + 3 * 16 + 7, ExploreCommand.DEFAULT_TOP), explorer.ranking());
    }

    @Test
    void aLatentButtonPicksItsRank() {
        Explorer explorer = explore();
        dev.scope.kernel.ext.widgets.HBox buttons = (dev.scope.kernel.ext.widgets.HBox) explorer.widget().children().get(3);
        Button fourth = (Button) buttons.children().get(3);
        assertEquals(String.valueOf(explorer.ranking().ids()[3]), fourth.description());
        fourth.click();
        assertEquals(4, explorer.rank().value());
        assertEquals(explorer.ranking().ids()[3], explorer.latent());
    }

    @Test
    void badArgumentsAreOneLine() {
        assertEquals("%scope explore takes only flags, not 'black'; run %scope forward <image> first, then %scope explore.",
                assertThrows(MagicException.class, () -> MAGICS.run(List.of("explore", "black"), CONTEXT)).getMessage());
        assertThrows(MagicException.class, () -> MAGICS.run(List.of("explore", "--top", "33"), CONTEXT));
        assertThrows(MagicException.class, () -> MAGICS.run(List.of("explore", "--layer", "22"), CONTEXT));
    }

    private static Explorer explore(String... flags) {
        try {
            List<String> args = new java.util.ArrayList<>(List.of("explore"));
            args.addAll(List.of(flags));
            return (Explorer) MAGICS.run(args, CONTEXT).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The largest {@code n} latents of {@code token}, from the SAE output itself. */
    private static ActiveLatents topOf(LayerResult layer, int token, int n) {
        return ActiveLatents.fromDense(layer.sae().latentRow(token)).sortedByValue().first(n);
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
