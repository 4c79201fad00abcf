package dev.scope.cli;

import dev.scope.engine.Fixtures;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.SafetensorsWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.scope.cli.ScopeCliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code ./scope compare}: what gpu/run.sh judges a GPU pass by, tried on CPU passes and hand-made files. */
class CompareCommandTest {
    @TempDir
    static Path dir;
    static Path cpu;

    @BeforeAll
    static void forwardOnTheReferencePixels() {
        cpu = dir.resolve("cpu.safetensors");
        ScopeCliTest.Run r = run("forward", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--pixel-values", Fixtures.expected() + ":pixel_values", "--device", "cpu",
                "--out", cpu.toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void aCpuPassAgreesWithTransformersInTheirLayout() {
        ScopeCliTest.Run r = run("compare", "--ours", cpu.toString(), "--reference", Fixtures.expected().toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("layer 2: AGREE"), r.out());
        assertTrue(r.out().contains("layer 5: AGREE"), r.out());
        // the fixtures' k-th gaps: tokens within 1e-3 of a tie are not held to the same latents, the rest are
        assertTrue(r.out().matches("(?s).*the same on (\\d+) of \\1 tokens whose k-th gap exceeds 1e-03 \\(\\1 of 1285.*"),
                r.out());
    }

    @Test
    void aChangedResidualStreamDiffersAndExitsOne() throws IOException {
        Safetensors ours = Safetensors.open(cpu);
        float[] resid = ours.tensor("resid.5").toFloats();
        resid[1234] += 2e-3f; // above 1e-4 × the largest |resid| (about 7.7)
        SafetensorsWriter w = new SafetensorsWriter();
        for (String name : ours.names()) {
            if (name.equals("resid.5")) {
                w.add(name, ours.entry(name).shape(), resid);
            } else {
                w.add(ours.tensor(name));
            }
        }
        Path changed = dir.resolve("changed.safetensors");
        w.write(changed);
        ScopeCliTest.Run r = run("compare", "--ours", changed.toString(), "--reference", cpu.toString(),
                "--gaps", Fixtures.expected().toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("layer 2: AGREE"), r.out());
        assertTrue(r.out().contains("layer 5: DIFFER"), r.out());
        assertTrue(r.out().contains("resid.5          max |Δ| 2.00e-03"), r.out());
    }

    @Test
    void withoutGapsASwapAtTheThresholdIsANearTieAndAnyOtherSwapADifference() throws IOException {
        // one token, k = 2: the reference keeps latents 1 and 3, ours 1 and 2
        Path reference = sae(dir.resolve("ref.safetensors"), new int[] {1, 3}, new float[] {5f, 1.0004f});
        Path tie = sae(dir.resolve("tie.safetensors"), new int[] {1, 2}, new float[] {5f, 1.0001f});
        Path far = sae(dir.resolve("far.safetensors"), new int[] {1, 2}, new float[] {5f, 1.5f});

        ScopeCliTest.Run r = run("compare", "--ours", tie.toString(), "--reference", reference.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("the same on 0 of 0 tokens (no k-th gaps given; 1 more differ only by latents"
                + " within 1e-03 of the k-th value, near ties)"), r.out());

        r = run("compare", "--ours", far.toString(), "--reference", reference.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("the same on 0 of 1 tokens"), r.out());
    }

    @Test
    void filesOfOtherPassesAreOneLineErrors() {
        ScopeCliTest.Run r = run("compare", "--ours", cpu.toString(), "--reference", cpu.toString(), "--layers", "3");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("Layer 3 is not among the layers in " + cpu + " [2, 5]; pick one of those."), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
        r = run("compare", "--ours", cpu.toString(), "--reference", cpu.toString(), "--tolerance", "-1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--tolerance needs a positive number"), r.err());
    }

    private static Path sae(Path file, int[] ids, float[] values) throws IOException {
        new SafetensorsWriter()
                .add("resid.0", new long[] {1, 1, 2}, new float[] {0.5f, -0.25f})
                .add("sae.0.indices", new long[] {1, 1, 2}, ids)
                .add("sae.0.values", new long[] {1, 1, 2}, values)
                .add("sae.0.reconstruction", new long[] {1, 1, 2}, new float[] {0.4f, -0.2f})
                .write(file);
        return file;
    }
}
