package dev.scope.engine;

import dev.scope.engine.hub.Source;
import dev.scope.engine.hub.WeightSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reader of the SCOPE_* settings, and its defaults. */
class ScopeSpecTest {

    @Test
    void withNothingSetItIsThePublishedScopeAtItsDeepestLayer() {
        ScopeSpec spec = ScopeSpec.fromEnvironment(Map.of());
        assertEquals(ScopeSpec.defaults(), spec);
        assertEquals(Source.repo(WeightSources.CLIP_REPO), spec.clip());
        assertEquals(Source.repo(WeightSources.SCOPE_REPO), spec.saes());
        assertEquals(Layers.DEEPEST, spec.layers());
        assertEquals(DeviceChoice.AUTO, spec.device());
        assertEquals(WeightType.FLOAT32, spec.dtype());
        assertFalse(spec.demo());
        assertEquals(ScopeSpec.defaults(), ScopeSpec.fromEnvironment(Map.of("SCOPE_LAYERS", " ", "SCOPE_CLIP", "")),
                "blank values count as unset");
    }

    @Test
    void eachVariableReplacesItsDefault() {
        ScopeSpec spec = ScopeSpec.fromEnvironment(Map.of("SCOPE_CLIP", "/opt/clip", "SCOPE_SAES", "me/my-saes@dev",
                "SCOPE_LAYERS", "2,blocks.5.hook_resid_post", "SCOPE_DEVICE", "cpu", "SCOPE_DTYPE", "float16"));
        assertEquals(Source.local(Path.of("/opt/clip")), spec.clip());
        assertEquals(Source.repo("me/my-saes", "dev"), spec.saes());
        assertEquals(Layers.of(2, 5), spec.layers());
        assertEquals(DeviceChoice.CPU, spec.device());
        assertEquals(WeightType.FLOAT16, spec.dtype());
        assertEquals(Layers.ALL, ScopeSpec.fromEnvironment(Map.of("SCOPE_LAYERS", "all")).layers());
    }

    @Test
    void scopeDemoAsksForTheDemoScopeUnlessRealWeightsAreNamed() {
        assertTrue(ScopeSpec.fromEnvironment(Map.of("SCOPE_DEMO", "1")).demo());
        assertTrue(ScopeSpec.fromEnvironment(Map.of("SCOPE_DEMO", "yes")).demo());
        assertFalse(ScopeSpec.fromEnvironment(Map.of("SCOPE_DEMO", "0")).demo());
        assertFalse(ScopeSpec.fromEnvironment(Map.of("SCOPE_DEMO", "1", "SCOPE_SAES", "/opt/saes")).demo());
    }

    @Test
    void aBadValueNamesItsVariable() {
        assertEquals("SCOPE_DEVICE=tpu: The device \"tpu\" is not one of auto, cpu or gpu.", assertThrows(
                IllegalArgumentException.class, () -> ScopeSpec.fromEnvironment(Map.of("SCOPE_DEVICE", "tpu"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScopeSpec.fromEnvironment(
                Map.of("SCOPE_LAYERS", "twenty"))).getMessage().startsWith("SCOPE_LAYERS=twenty: 'twenty' does not name layers"));
    }

    @Test
    void theDemoScopeHonoursTheLayersAskedFor() {
        try (Scope deepest = Scope.load(ScopeSpec.defaults().withDemo(true), LoadListener.NONE);
             Scope all = Scope.load(ScopeSpec.defaults().withDemo(true).withLayers("all"), LoadListener.NONE)) {
            assertTrue(deepest.isDemo());
            assertEquals(java.util.List.of(5), java.util.List.copyOf(deepest.layers()));
            assertEquals(Scope.DEMO_LAYERS, java.util.List.copyOf(all.layers()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Scope.demo(0, Layers.of(22)));
        assertEquals("Layer 22 is not among the demo scope's layers [2, 5]; pick one of those.", e.getMessage());
    }
}
