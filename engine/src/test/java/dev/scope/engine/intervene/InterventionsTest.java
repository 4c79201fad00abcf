package dev.scope.engine.intervene;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ResidEdit;
import dev.scope.engine.sae.LatentActivation;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.ZeroShot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Interventions on the fixture scope: the identities that must hold, and the edits' arithmetic. */
class InterventionsTest {
    static final float TOLERANCE = 1e-4f;
    static final List<String> PROMPTS = List.of("a photo of a cat.", "a photo of a dog.", "a photo of a goldfish.",
            "a photo of a school bus.", "a photo of a gradient.");
    static Scope scope;
    static Safetensors expected;
    static BufferedImage gradient;
    static InterventionResult plain;

    @BeforeAll
    static void load() throws IOException {
        scope = Scope.load(new ScopeSpec(Source.local(Fixtures.clip()), Source.local(Fixtures.saes()),
                List.of(), DeviceChoice.CPU, WeightType.FLOAT32));
        expected = Safetensors.open(Fixtures.expected());
        // gradient.png is image 4 of the reference batch, with the reference's pixels exactly
        gradient = ImageDecoder.read(Fixtures.image("gradient"));
        plain = run(Intervention.steer(2, 0, 0f));
    }

    @AfterAll
    static void close() {
        scope.close();
    }

    static InterventionResult run(Intervention... edits) throws IOException {
        return scope.intervene(List.of("gradient"), List.of(gradient), PROMPTS, List.of(edits));
    }

    @Test
    void theCleanRunIsTheReferenceForward() throws IOException {
        float[] want = Arrays.copyOfRange(expected.tensor("image_embeds").toFloats(), 4 * 32, 5 * 32);
        assertClose("image_embeds[gradient]", want, plain.cleanEmbeds().data());
        assertEquals(List.of(2, 5), plain.layers());
        float[] latent = Arrays.copyOfRange(expected.tensor("sae.5.latent").toFloats(), 4 * 257 * 512, (4 * 257 + 1) * 512);
        assertClose("sae.5.latent CLS", latent, plain.latentsBefore().get(5).latentRow(0));
    }

    @Test
    void splicingReconstructionPlusErrorReproducesTheCleanForward() throws IOException {
        InterventionResult r = run(Intervention.splice(2, true));
        assertClose("image_embeds", r.cleanEmbeds().data(), r.editedEmbeds().data());
        assertEquals(1.0, r.cosine(0), 1e-6);
        assertClose("layer 5 latents", r.latentsBefore().get(5).latentRow(0), r.latentsAfter().get(5).latentRow(0));
        assertClose("probabilities", r.labelsBefore().get(0).probabilities(), r.labelsAfter().get(0).probabilities());
    }

    @Test
    void splicingTheReconstructionAloneRunsOnFromTheReferenceReconstruction() throws IOException {
        InterventionResult r = run(Intervention.splice(2, false));
        float[] recon = Arrays.copyOfRange(expected.tensor("sae.2.reconstruction").toFloats(), 4 * 257 * 64,
                5 * 257 * 64);
        float[] want = scope.clip().resume(2, recon, 1, Capture.blocks(List.of()).withPooled(), ResidEdit.NONE)
                .imageEmbeds().data();
        assertClose("image_embeds from x̂", want, r.editedEmbeds().data());
        assertTrue(r.cosine(0) < 1 - 1e-6, "dropping the error term moves the embedding: cos " + r.cosine(0));
    }

    @Test
    void clampingALatentToItsOwnValueChangesNothing() throws IOException {
        LatentActivation top = plain.latentsBefore().get(2).topLatents(0, 1).get(0);
        InterventionResult r = run(Intervention.clamp(2, top.latent(), top.value()).on(TokenSet.cls()));
        assertArrayEquals(r.cleanEmbeds().data(), r.editedEmbeds().data());
        assertTrue(r.changes(5, 0, 0, 10).isEmpty());
    }

    @Test
    void steeringByZeroChangesNothing() throws IOException {
        assertArrayEquals(plain.cleanEmbeds().data(), plain.editedEmbeds().data());
        assertEquals(1.0, plain.cosine(0), 1e-12);
        assertArrayEquals(plain.labelsBefore().get(0).probabilities(), plain.labelsAfter().get(0).probabilities());
    }

    @Test
    void ablatingALatentThatIsNotActiveChangesNothing() throws IOException {
        int[] active = plain.latentsBefore().get(2).activeLatents();
        int inactive = 0;
        while (Arrays.binarySearch(active, inactive) >= 0) {
            inactive++;
        }
        InterventionResult r = run(Intervention.ablate(2, inactive));
        assertArrayEquals(r.cleanEmbeds().data(), r.editedEmbeds().data());
    }

    @Test
    void ablatingTheStrongestClsLatentChangesTheEmbedding() throws IOException {
        LatentActivation top = plain.latentsBefore().get(2).topLatents(0, 1).get(0);
        InterventionResult r = run(Intervention.ablate(2, top.latent()).on(TokenSet.cls()));
        assertTrue(r.cosine(0) < 0.9999, "cos " + r.cosine(0));
        assertFalse(r.changes(5, 0, 0, 5).isEmpty(), "the CLS latents downstream move");
        assertTrue(maxAbsDiff(r.labelsBefore().get(0).probabilities(), r.labelsAfter().get(0).probabilities()) > 0);
    }

    @Test
    void eachEditMovesOnlyItsTokensByItsDecoderRows() throws IOException {
        Matrix x = new Matrix(257, 64, Arrays.copyOfRange(expected.tensor("resid.2").toFloats(), 4 * 257 * 64,
                5 * 257 * 64));
        var sae = scope.sae(2);
        SaeOutput z = sae.forwardVerbose(x);
        int f = z.index(0, 0);
        float v = z.value(0, 0);
        float[] dec = sae.decoderRows(f).data();
        LayerEdits none = new LayerEdits(List.of(), null, 257, 16);
        Matrix ablated = none.apply(List.of(Intervention.ablate(2, f).on(TokenSet.cls())), x, sae);
        Matrix steered = none.apply(List.of(Intervention.steer(2, f, 2.5f).on(TokenSet.patch(3, 4))), x, sae);
        Matrix clamped = none.apply(List.of(Intervention.clamp(2, f, 7f).on(TokenSet.cls())), x, sae);
        int patch = 1 + 3 * 16 + 4;
        for (int c = 0; c < 64; c++) {
            assertEquals(x.get(0, c) - v * dec[c], ablated.get(0, c), 1e-6f);
            assertEquals(x.get(patch, c) + 2.5f * dec[c], steered.get(patch, c), 1e-6f);
            assertEquals(x.get(0, c) + (7f - v) * dec[c], clamped.get(0, c), 1e-6f);
        }
        for (int row = 1; row < 257; row++) {
            assertArrayEquals(x.row(row), ablated.row(row));
            assertArrayEquals(x.row(row), clamped.row(row));
            if (row != patch) {
                assertArrayEquals(x.row(row), steered.row(row));
            }
        }
        assertArrayEquals(x.row(0), steered.row(0));
    }

    @Test
    void labelsAreTheSoftmaxOfScaledCosineAgainstTheReferenceImageEmbedding() throws IOException {
        Labels labels = scope.labels(gradient, PROMPTS);
        Matrix image = new Matrix(1, 32, Arrays.copyOfRange(expected.tensor("image_embeds").toFloats(), 4 * 32, 5 * 32));
        Matrix text = scope.text().embed(PROMPTS);
        Matrix want = ZeroShot.probabilities(ZeroShot.logits(image, text, scope.text().tower().logitScale()));
        assertClose("probabilities", want.data(), labels.probabilities());
        double sum = 0;
        for (float p : labels.probabilities()) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(labels.best().probability(), labels.top(5).get(0).probability());
    }

    @Test
    void explainingAveragesEachPromptsLogitChangeOverTheImages() throws IOException {
        BufferedImage chelsea = ImageDecoder.read(Fixtures.image("chelsea"));
        List<BufferedImage> images = List.of(gradient, chelsea);
        List<String> names = List.of("gradient", "chelsea");
        Explanation zero = scope.explain(5, 3, names, images, 0f, PROMPTS);
        for (float d : zero.relativeChange()) {
            assertEquals(0f, d);
        }
        Explanation e = scope.explain(5, 3, names, images, 4f, PROMPTS);
        InterventionResult r = scope.intervene(names, images, PROMPTS, List.of(Intervention.steer(5, 3, 4f)));
        int n = PROMPTS.size();
        for (int p = 0; p < n; p++) {
            float want = 0;
            for (int i = 0; i < 2; i++) {
                float[] after = r.labelsAfter().get(i).logits();
                float[] before = r.labelsBefore().get(i).logits();
                float common = 0;
                for (int q = 0; q < n; q++) {
                    common += (after[q] - before[q]) / n;
                }
                want += (after[p] - before[p] - common) / 2;
            }
            assertEquals(want, e.relativeChange()[p], 1e-4f);
        }
        float sum = 0;
        for (float d : e.relativeChange()) {
            sum += d;
        }
        assertEquals(0f, sum, 1e-4f, "relative changes sum to zero over the prompts");
        assertTrue(e.top(1).get(0).change() >= e.bottom(1).get(0).change());
        Explanation picked = scope.explain(5, 3, names, images, null, PROMPTS);
        assertTrue(picked.alpha() > 0 && picked.alphaRule().startsWith("the mean residual norm"), picked.alphaRule());
    }

    @Test
    void badInputIsOneSentence() {
        var e = assertThrows(IllegalArgumentException.class, () -> run(Intervention.ablate(3, 1)));
        assertEquals("Layer 3 has no SAE; interventions work at the layers with SAEs: [2, 5].", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(Intervention.clamp(5, 512, 1f)));
        assertEquals("Latent 512 does not exist; the SAE at layer 5 has latents 0 to 511.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(Intervention.steer(5, 1, 1f).on(TokenSet.patch(16, 0))));
        assertEquals("Patch 16,0 is outside the 16×16 patch grid; rows and columns run from 0 to 15.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> scope.labels(gradient, List.of()));
        assertEquals("No prompts were given; pass at least one.", e.getMessage());
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + " length");
        float max = maxAbsDiff(want, got);
        assertTrue(max <= TOLERANCE, what + " max |Δ| = " + max);
    }
}
