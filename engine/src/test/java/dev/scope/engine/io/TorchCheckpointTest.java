package dev.scope.engine.io;

import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import dev.scope.engine.sae.SaeReference;
import net.razorvine.pickle.Unpickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TorchCheckpointTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void readsTheFixtureSaeCheckpoint(int layer) throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.read(SaeReference.checkpoint(layer));
        assertEquals(List.of("model_state_dict", "k", "n_features", "d_in", "token_count", "dead_latents",
                "n_iter", "log_id"), List.copyOf(((Map<?, ?>) ckpt.root()).keySet()));
        assertEquals(8, ((Number) ckpt.find("k")).intValue());
        assertEquals(512, ((Number) ckpt.find("n_features")).intValue());
        assertEquals(64, ((Number) ckpt.find("d_in")).intValue());
        assertEquals(1000, ((Number) ckpt.find("token_count")).intValue());
        assertEquals("fixture", ckpt.find("log_id"));
        Tensor enc = ckpt.tensor("model_state_dict.enc");
        assertEquals("model_state_dict.enc", enc.name());
        assertEquals(DType.F32, enc.dtype());
        assertArrayEquals(new long[] {64, 512}, enc.shape());
        assertTrue(enc.data().isDirect(), "stored tensors are mapped, not copied onto the heap");
        assertArrayEquals(new long[] {64}, ckpt.tensor("model_state_dict.pre_b").shape());
        assertArrayEquals(new long[] {512, 64}, ckpt.tensor("model_state_dict.dec").shape());
        assertEquals(List.of("model_state_dict.pre_b", "model_state_dict.enc", "model_state_dict.dec", "dead_latents"),
                List.copyOf(ckpt.tensors().keySet()));
    }

    /** The reference's pre-activation and reconstruction are functions of exactly these weights. */
    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void tensorValuesReproduceTheReferenceOutputs(int layer) throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.read(SaeReference.checkpoint(layer));
        float[] preB = ckpt.tensor("model_state_dict.pre_b").toFloats();
        float[] enc = ckpt.tensor("model_state_dict.enc").toFloats();
        float[] dec = ckpt.tensor("model_state_dict.dec").toFloats();
        Matrix x = SaeReference.matrix(layer, "input");
        Matrix pre = SaeReference.matrix(layer, "pre");
        Matrix latent = SaeReference.matrix(layer, "latent");
        Matrix recon = SaeReference.matrix(layer, "reconstruction");
        int d = 64;
        int f = 512;
        double worstPre = 0;
        double worstRecon = 0;
        for (int r = 0; r < x.rows(); r += 7) {
            for (int j = 0; j < f; j++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += (x.get(r, i) - preB[i]) * (double) enc[i * f + j];
                }
                worstPre = Math.max(worstPre, Math.abs(s - pre.get(r, j)));
            }
            for (int i = 0; i < d; i++) {
                double s = preB[i];
                for (int j = 0; j < f; j++) {
                    s += latent.get(r, j) * (double) dec[j * d + i];
                }
                worstRecon = Math.max(worstRecon, Math.abs(s - recon.get(r, i)));
            }
        }
        assertTrue(worstPre < Fixtures.PARITY, "pre differs by " + worstPre);
        assertTrue(worstRecon < Fixtures.PARITY, "reconstruction differs by " + worstRecon);
    }

    @Test
    void readsADeflatedCopyLikeTheStoredOriginal(@TempDir Path dir) throws IOException {
        Path original = SaeReference.checkpoint(2);
        Path deflated = PickleBytes.zip(dir.resolve("deflated.pt"), PickleBytes.entries(original), true);
        Tensor a = TorchCheckpoint.read(original).tensor("model_state_dict.dec");
        Tensor b = TorchCheckpoint.read(deflated).tensor("model_state_dict.dec");
        assertTrue(Files.size(deflated) < Files.size(original));
        assertArrayEquals(a.toFloats(), b.toFloats());
        assertTrue(b.data().isDirect());
    }

    @Test
    void copiesANonContiguousTensorIntoRowMajorOrder(@TempDir Path dir) throws IOException {
        // storage 0..5 viewed as the transpose of a 3×2 matrix: size (2, 3), stride (1, 2)
        byte[] pickle = new PickleBytes().proto(2).emptyDict().mark()
                .str("t").floatTensor("0", 6, 0, new long[] {2, 3}, new long[] {1, 2})
                .str("tail").floatTensor("0", 6, 4, new long[] {2}, new long[] {1})
                .setItems().stop().bytes();
        Path file = torchZip(dir.resolve("t.pt"), pickle, Map.of("0", floats(0, 1, 2, 3, 4, 5)));
        TorchCheckpoint ckpt = TorchCheckpoint.read(file);
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, ckpt.tensor("t").toFloats());
        assertArrayEquals(new float[] {4, 5}, ckpt.tensor("tail").toFloats());
    }

    // ---- refusals: nothing named outside the allow-list is ever called ----

    @Test
    void refusesOsSystemAndRunsNothing(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("pwned");
        byte[] pickle = new PickleBytes().proto(2)
                .global("os", "system").mark().str("touch " + marker).tuple().reduce().stop().bytes();
        Path evil = torchZip(dir.resolve("evil.pt"), pickle, Map.of());
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(evil));
        assertEquals("The checkpoint " + evil + " refers to os.system, which a weights-only load refuses;"
                + " use a checkpoint saved with torch.save of tensors only.", e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtins eval", "posix system", "subprocess Popen", "builtins getattr",
            "torch load", "datetime datetime", "copy_reg _reconstructor", "__builtin__ set"})
    void refusesEveryOtherGlobal(String global, @TempDir Path dir) throws IOException {
        String[] mn = global.split(" ");
        byte[] pickle = new PickleBytes().proto(2)
                .global(mn[0], mn[1]).mark().str("1+1").tuple().reduce().stop().bytes();
        Path evil = torchZip(dir.resolve("evil.pt"), pickle, Map.of());
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(evil));
        assertTrue(e.getMessage().contains(" refers to " + mn[0] + "." + mn[1] + ", which a weights-only load refuses"),
                e.getMessage());
    }

    @Test
    void refusesAGlobalNamedFromTheStackOrByInst(@TempDir Path dir) throws IOException {
        byte[] stackGlobal = new PickleBytes().proto(4).str("builtins").str("eval").stackGlobal()
                .mark().str("1+1").tuple().reduce().stop().bytes();
        var e = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("a.pt"), stackGlobal, Map.of())));
        assertTrue(e.getMessage().contains("refers to builtins.eval"), e.getMessage());

        byte[] inst = new PickleBytes().proto(0).mark().str("echo hi").inst("os", "system").stop().bytes();
        e = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("b.pt"), inst, Map.of())));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
    }

    /**
     * Pyrolite keeps a process-wide registry of Java constructors for Python globals. A payload
     * registered there runs under a plain Pyrolite unpickler, and must not run under ours.
     */
    @Test
    void neverConsultsPyrolitesConstructorRegistry(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        Unpickler.registerConstructor("scope_test_payload", "touch", args -> {
            try {
                return Files.createFile(Path.of((String) args[0]));
            } catch (IOException io) {
                throw new IllegalStateException(io);
            }
        });
        Path control = dir.resolve("control");
        new Unpickler().loads(new PickleBytes().proto(2).global("scope_test_payload", "touch")
                .mark().str(control.toString()).tuple().reduce().stop().bytes());
        assertTrue(Files.exists(control), "the payload is live under a plain unpickler");

        byte[] pickle = new PickleBytes().proto(2).global("scope_test_payload", "touch")
                .mark().str(marker.toString()).tuple().reduce().stop().bytes();
        Path evil = torchZip(dir.resolve("evil.pt"), pickle, Map.of());
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(evil));
        assertTrue(e.getMessage().contains("refers to scope_test_payload.touch"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void refusesAStorageTypeThatIsNotAStorage(@TempDir Path dir) throws IOException {
        byte[] pickle = new PickleBytes().proto(2).mark().str("storage").global("os", "system")
                .str("0").str("cpu").integer(1).tuple().binPersId().stop().bytes();
        var e = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("p.pt"), pickle, Map.of("0", floats(1)))));
        assertTrue(e.getMessage().contains("refers to os.system"), e.getMessage());
    }

    // ---- damaged files ----

    @Test
    void reportsAFileThatIsNotAZip(@TempDir Path dir) throws IOException {
        Path garbled = Files.write(dir.resolve("garbled.pt"), "this is not a checkpoint at all, just text".getBytes());
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(garbled));
        assertEquals("The checkpoint " + garbled + " has no zip directory (not a zip file, or cut short);"
                + " re-download it or save it again with torch.save.", e.getMessage());
    }

    @Test
    void reportsACheckpointCutShort(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(SaeReference.checkpoint(2));
        Path cut = Files.write(dir.resolve("cut.pt"), Arrays.copyOf(whole, whole.length / 2));
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(cut));
        assertTrue(e.getMessage().startsWith("The checkpoint " + cut + " has no zip directory"), e.getMessage());
    }

    @Test
    void reportsAZipWithoutDataPkl(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(PickleBytes.entries(SaeReference.checkpoint(2)));
        entries.remove("1000/data.pkl");
        Path file = PickleBytes.zip(dir.resolve("nopkl.pt"), entries, false);
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("without a <name>/data.pkl entry"), e.getMessage());
    }

    @Test
    void reportsATruncatedStorage(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(PickleBytes.entries(SaeReference.checkpoint(2)));
        entries.put("1000/data/1", Arrays.copyOf(entries.get("1000/data/1"), 1000));
        Path file = PickleBytes.zip(dir.resolve("short.pt"), entries, false);
        var e = assertThrows(TorchCheckpointException.class, () -> TorchCheckpoint.read(file));
        assertEquals("The checkpoint " + file + " has storage 1 of 1000 bytes where 32768 F32 values need 131072"
                + " (truncated?); re-download it or save it again with torch.save.", e.getMessage());
    }

    @Test
    void reportsAMissingStorageAndATensorOutsideItsStorage(@TempDir Path dir) throws IOException {
        byte[] pickle = new PickleBytes().proto(2).emptyDict().mark()
                .str("t").floatTensor("0", 4, 2, new long[] {4}, new long[] {1}).setItems().stop().bytes();
        var missing = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("m.pt"), pickle, Map.of())));
        assertTrue(missing.getMessage().contains("refers to storage 0 but has no entry archive/data/0"),
                missing.getMessage());
        var outside = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("o.pt"), pickle, Map.of("0", floats(1, 2, 3, 4)))));
        assertTrue(outside.getMessage().contains("reaches element 5 of storage 0, which holds only 4"),
                outside.getMessage());
    }

    @Test
    void reportsAGarbledPickle(@TempDir Path dir) throws IOException {
        byte[] pickle = {(byte) 0x80, 2, (byte) 0xff, (byte) 0xfe};
        var e = assertThrows(TorchCheckpointException.class,
                () -> TorchCheckpoint.read(torchZip(dir.resolve("g.pt"), pickle, Map.of())));
        assertTrue(e.getMessage().contains("has a data.pkl that is not a readable pickle"), e.getMessage());
    }

    private static Path torchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        entries.put("archive/byteorder", "little".getBytes());
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes());
        return PickleBytes.zip(file, entries, false);
    }

    private static byte[] floats(float... values) {
        var b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
