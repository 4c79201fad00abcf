package dev.scope.engine;

import dev.scope.engine.resid.HookPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Layer names: clipscope's, TransformerLens / ViT-Prisma's, the checkpoint folders' and a bare number are one layer. */
class LayersTest {

    private static final SortedSet<Integer> PUBLISHED = new TreeSet<>(List.of(2, 5, 8, 11, 14, 17, 20, 22));

    @ParameterizedTest
    @ValueSource(strings = {"22", "22_resid", "(22,'resid')", "(22, \"resid\")", " ( 22 , 'resid' ) ",
            "blocks.22.hook_resid_post", "hidden_states[23]"})
    void everySpellingOfLayer22IsTheOutputOfBlock22(String name) {
        assertEquals(HookPoint.resid(22), HookPoint.parse(name));
        assertEquals(22, Layers.parseOne(name));
        assertEquals(new Layers.Listed(new TreeSet<>(List.of(22))), Layers.parse(name));
        assertEquals(Layers.of(22), ScopeSpec.defaults().withLayers(name).layers());
        assertEquals(23, HookPoint.parse(name).hiddenStatesIndex());
        assertEquals("blocks.22.hook_resid_post", HookPoint.parse(name).prismaName());
    }

    @Test
    void listsMixSpellingsAndKeepCommasInsideParentheses() {
        assertEquals(Layers.of(2, 5), Layers.parse("(2,'resid'),(5,'resid')"));
        assertEquals(Layers.of(2, 5, 22), Layers.parse("22, blocks.5.hook_resid_post,2_resid,5"));
        assertSame(Layers.ALL, Layers.parse("all"));
        assertSame(Layers.ALL, Layers.parse(" ALL "));
        assertSame(Layers.DEEPEST, Layers.parse("deepest"));
        assertSame(Layers.ALL, Layers.of(List.of()), "an empty list has always meant every layer");
        assertEquals("2,5", Layers.of(5, 2).toString());
    }

    @Test
    void aBadNameIsOneSentenceWithTheSpellings() {
        var e = assertThrows(IllegalArgumentException.class, () -> Layers.parse("2,five"));
        assertEquals("'2,five' does not name layers; give " + Layers.SYNTAX + ".", e.getMessage());
        assertEquals("'blocks.22.attn' is not a layer; write it as " + HookPoint.SPELLINGS + ".",
                assertThrows(IllegalArgumentException.class, () -> HookPoint.parse("blocks.22.attn")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HookPoint.parse("hidden_states[0]"));
        assertThrows(IllegalArgumentException.class, () -> Layers.parse(""));
    }

    @Test
    void pickingChecksEachListedLayerWithTheOneMessage() {
        assertEquals(new TreeSet<>(List.of(22)), Layers.DEEPEST.pick(PUBLISHED, "the layers"));
        assertEquals(PUBLISHED, Layers.ALL.pick(PUBLISHED, "the layers"));
        assertEquals(new TreeSet<>(List.of(2, 8)), Layers.parse("8,2").pick(PUBLISHED, "the layers"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Layers.parse("2,9").pick(new TreeSet<>(List.of(2, 5)), Layers.LOADED));
        assertEquals("Layer 9 is not among the loaded layers [2, 5]; pick one of those, or load the scope with it"
                + " (--layers 2,5,9, or all).", e.getMessage());
        var source = assertThrows(IllegalArgumentException.class,
                () -> Layers.require(23, PUBLISHED, "the layers with an SAE in lewington/CLIP-ViT-L-scope"));
        assertEquals("Layer 23 is not among the layers with an SAE in lewington/CLIP-ViT-L-scope"
                + " [2, 5, 8, 11, 14, 17, 20, 22]; pick one of those.", source.getMessage());
    }
}
