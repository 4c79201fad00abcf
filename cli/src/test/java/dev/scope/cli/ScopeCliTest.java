package dev.scope.cli;

import dev.scope.engine.Fixtures;
import dev.scope.engine.io.DType;
import dev.scope.engine.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ScopeCliTest {
    static final float TOLERANCE = 1e-4f;

    record Run(int status, String out, String err) {
    }

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScopeCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void forwardOnTheReferencePixelsWritesTheReferenceNumbers(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("result.safetensors");
        Run r = run("forward", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--pixel-values", Fixtures.expected() + ":pixel_values",
                "--out", out.toString(), "--device", "cpu", "--dense");
        assertEquals(0, r.status(), r.err());
        Safetensors got = Safetensors.open(out);
        Safetensors want = Safetensors.open(Fixtures.expected());
        assertArrayEquals(new long[] {5, 3, 224, 224}, got.entry("pixel_values").shape());
        for (int layer : new int[] {2, 5}) {
            assertArrayEquals(new long[] {5, 257, 64}, got.entry("resid." + layer).shape());
            assertArrayEquals(new long[] {5, 257, 8}, got.entry("sae." + layer + ".indices").shape());
            assertEquals(DType.I32, got.entry("sae." + layer + ".indices").dtype());
            assertArrayEquals(new long[] {5, 257, 8}, got.entry("sae." + layer + ".values").shape());
            assertArrayEquals(new long[] {5, 257, 512}, got.entry("sae." + layer + ".latent").shape());
            assertClose(want.tensor("resid." + layer).toFloats(), got.tensor("resid." + layer).toFloats());
            assertClose(want.tensor("sae." + layer + ".reconstruction").toFloats(),
                    got.tensor("sae." + layer + ".reconstruction").toFloats());
        }
    }

    @Test
    void forwardInBatchesWritesWhatOnePassWrites(@TempDir Path dir) throws IOException {
        Path one = dir.resolve("one.safetensors");
        Path batches = dir.resolve("batches.safetensors");
        String[] common = {"forward", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--pixel-values", Fixtures.expected() + ":pixel_values", "--device", "cpu"};
        Run r = run(concat(common, "--batch", "5", "--out", one.toString()));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("5 image(s), layers [2, 5], 257 tokens, d_in 64; 1 pass(es) of up to 5"), r.out());
        r = run(concat(common, "--batch", "2", "--out", batches.toString()));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("3 pass(es) of up to 2"), r.out());
        Safetensors a = Safetensors.open(one);
        Safetensors b = Safetensors.open(batches);
        assertEquals(a.names(), b.names());
        for (String name : a.names()) {
            assertArrayEquals(a.entry(name).shape(), b.entry(name).shape(), name);
            if (name.endsWith(".indices")) {
                assertEquals(a.tensor(name).data(), b.tensor(name).data(), name);
            } else {
                assertClose(a.tensor(name).toFloats(), b.tensor(name).toFloats());
            }
        }
        assertOneLineError(run(concat(common, "--batch", "0", "--out", one.toString())), "--batch needs whole numbers");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void forwardOnImageFilesWithoutDenseLatents(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("two.safetensors");
        Run r = run("forward", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "5", "--images", Fixtures.image("black") + "," + Fixtures.image("gradient"),
                "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.status(), r.err());
        Safetensors got = Safetensors.open(out);
        assertFalse(got.contains("sae.5.latent"));
        assertFalse(got.contains("resid.2"));
        assertArrayEquals(new long[] {2, 257, 64}, got.entry("resid.5").shape());
        assertTrue(r.out().contains("2 image(s), layers [5]"), r.out());
    }

    @Test
    void badInputExitsNonZeroWithOneLine(@TempDir Path dir) throws IOException {
        String clip = Fixtures.clip().toString();
        String saes = Fixtures.saes().toString();
        String out = dir.resolve("x.safetensors").toString();
        Path notAnImage = Files.writeString(dir.resolve("notes.png"), "hello");

        assertOneLineError(run("forward", "--clip", clip, "--saes", saes, "--images", notAnImage.toString(),
                "--out", out), "notes.png");
        assertOneLineError(run("forward", "--clip", clip, "--saes", saes, "--layers", "9",
                "--images", Fixtures.image("black").toString(), "--out", out), "Layer 9 is beyond");
        assertOneLineError(run("forward", "--clip", clip, "--saes", saes, "--images",
                Fixtures.image("black").toString()), "--out is required");
        assertOneLineError(run("forward", "--frobnicate"), "Unknown option --frobnicate");
        assertOneLineError(run("forward", "--clip", clip, "--saes", saes, "--device", "tpu",
                "--images", Fixtures.image("black").toString(), "--out", out), "tpu");
        assertOneLineError(run("forward", "--clip", dir.toString(), "--saes", saes,
                "--images", Fixtures.image("black").toString(), "--out", out), dir.toString());
        assertOneLineError(run("fly"), "unknown command");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only notes.png: no output or partial file may be left");
        }
    }

    private static void assertOneLineError(Run r, String mentions) {
        assertNotEquals(0, r.status());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains(mentions), err);
        assertFalse(err.contains("Exception"), err);
    }

    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        float max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= TOLERANCE, "max |Δ| = " + max);
    }
}
