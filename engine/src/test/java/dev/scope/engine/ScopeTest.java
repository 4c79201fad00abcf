package dev.scope.engine;

import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.sae.LatentActivation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The whole pipeline, image file to SAE output, against the reference numbers. */
class ScopeTest {
    static Scope scope;
    static Safetensors expected;

    @BeforeAll
    static void load() throws IOException {
        scope = Scope.load(new ScopeSpec(Source.local(Fixtures.clip()), Source.local(Fixtures.saes()),
                List.of(), DeviceChoice.CPU, WeightType.FLOAT32));
        expected = Safetensors.open(Fixtures.expected());
    }

    @AfterAll
    static void close() {
        scope.close();
    }

    /** clipscope's README, on the fixture scope: resid (1, 257, d), latent (1, F), reconstruction (1, d). */
    @Test
    void readmeExampleShapes() throws IOException {
        ScopeResult r = scope.forward(Fixtures.image("black"));
        assertEquals(List.of(2, 5), r.layers());
        LayerResult cls = r.layer(5).cls();
        assertEquals(257, r.layer(5).resid().rows());
        assertEquals(64, r.layer(5).resid().cols());
        assertArrayEquals(new long[] {1, 512}, cls.latent().shape());
        assertArrayEquals(new long[] {1, 64}, cls.reconstruction().shape());
        assertEquals(8, countNonZero(cls.latent().data()));
    }

    @Test
    void anImageFileGivesTheReferenceResidAndSae() throws IOException {
        // gradient.png is image 4 of the reference batch; its PIL-path pixels equal transformers 5's exactly
        // (the photos differ by up to 0.015 between the two resize paths, see fixtures/README.md)
        ScopeResult r = scope.forward(Fixtures.image("gradient"));
        int rows = 257;
        for (int layer : List.of(2, 5)) {
            float[] resid = slice(expected.tensor("resid." + layer).toFloats(), rows * 64);
            Fixtures.assertClose("resid." + layer, resid, r.layer(layer).resid().data());
            float[] recon = slice(expected.tensor("sae." + layer + ".reconstruction").toFloats(), rows * 64);
            Fixtures.assertClose("sae." + layer + ".reconstruction", recon, r.layer(layer).reconstruction().data());
        }
        LatentActivation top = r.layer(5).topLatents(0, 1).get(0);
        float[] latent = slice(expected.tensor("sae.5.latent").toFloats(), rows * 512);
        assertEquals(latent[top.latent()], top.value(), Fixtures.PARITY);
    }

    @Test
    void unknownLayerAndDeepLayerAreRefused(@TempDir Path tmp) throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> scope.sae(3));
        assertEquals("Layer 3 is not among the loaded layers [2, 5]; pick one of those, or load the scope with it"
                + " (--layers 2,3,5, or all).", e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> Scope.load(new ScopeSpec(
                Source.local(Fixtures.clip()), Source.local(Fixtures.saes()), List.of(9), DeviceChoice.CPU, WeightType.FLOAT32)));
        assertEquals("Layer 9 is not among the layers with an SAE in " + Source.local(Fixtures.saes()) + " [2, 5];"
                + " pick one of those.", missing.getMessage());
        // an SAE deeper than the tower: the tiny CLIP has blocks 0 to 5
        Files.createDirectories(tmp.resolve("9_resid"));
        Files.copy(Fixtures.saes().resolve("5_resid/1000.pt"), tmp.resolve("9_resid/1000.pt"));
        var deep = assertThrows(IllegalArgumentException.class, () -> Scope.load(new ScopeSpec(
                Source.local(Fixtures.clip()), Source.local(tmp), List.of(9), DeviceChoice.CPU, WeightType.FLOAT32)));
        assertEquals("Layer 9 is not among the blocks of the CLIP in " + Source.local(Fixtures.clip()) + " 0–5;"
                + " pick one of those.", deep.getMessage());
    }

    @Test
    void eachImageIsResizedOnceOnItsWayThroughTheScope() throws IOException {
        long before = scope.preprocessor().resizes();
        ScopeResult r = scope.forward(List.of(ImageSource.file(Fixtures.image("chelsea")),
                ImageSource.file(Fixtures.image("astronaut")), ImageSource.black()), scope.layers());
        assertEquals(3, r.images());
        assertEquals(3, r.crops().size());
        assertEquals(3, scope.preprocessor().resizes() - before, "one resize per image, crop and pixels from it");
        assertEquals(List.of("chelsea.png", "astronaut.png", "black"), r.names());
    }

    @Test
    void releasedSaesLoadAgainWithTheSameNumbers() throws IOException {
        ScopeResult before = scope.forward(Fixtures.image("gradient"));
        scope.release(2);
        assertFalse(scope.isLoaded(2));
        ScopeResult after = scope.forward(Fixtures.image("gradient"));
        assertTrue(scope.isLoaded(2));
        assertArrayEquals(before.layer(2).reconstruction().data(), after.layer(2).reconstruction().data());
    }

    @Test
    void theDemoScopeIsDeterministicAndMarked() throws IOException {
        try (Scope a = Scope.demo(7); Scope b = Scope.demo(7); Scope c = Scope.demo(8)) {
            assertTrue(a.isDemo());
            ScopeResult ra = a.forward(Fixtures.image("chelsea"));
            ScopeResult rb = b.forward(Fixtures.image("chelsea"));
            ScopeResult rc = c.forward(Fixtures.image("chelsea"));
            assertTrue(ra.demo());
            assertArrayEquals(ra.layer(5).sae().indices(), rb.layer(5).sae().indices());
            assertFalse(Arrays.equals(ra.layer(5).sae().indices(), rc.layer(5).sae().indices()));
            assertArrayEquals(new long[] {1, Scope.DEMO_FEATURES}, ra.layer(5).cls().latent().shape());
            assertEquals(Scope.DEMO_K, countNonZero(ra.layer(5).cls().latent().data()));
        }
    }

    private static int countNonZero(float[] v) {
        int n = 0;
        for (float x : v) {
            n += x != 0 ? 1 : 0;
        }
        return n;
    }

    private static float[] slice(float[] all, int per) {
        return Arrays.copyOfRange(all, 4 * per, 5 * per);
    }
}
