package dev.scope.engine.sae;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class SaeCheckpointTest {

    @Test
    void readsTheFixtureCheckpoint() throws IOException {
        SaeCheckpoint ckpt = SaeCheckpoint.read(SaeReference.checkpoint(5));
        assertEquals(64, ckpt.dIn());
        assertEquals(512, ckpt.nFeatures());
        assertEquals(8, ckpt.k());
        assertEquals(1000, ckpt.tokenCount().orElseThrow());
        assertArrayEquals(new long[] {64, 512}, ckpt.enc().shape());
        assertArrayEquals(new long[] {512, 64}, ckpt.dec().shape());
        assertArrayEquals(new long[] {64}, ckpt.preB().shape());
        ckpt.requireInputWidth(64, "the fixture CLIP");
        var e = assertThrows(SaeException.class, () -> ckpt.requireInputWidth(1024, "CLIP ViT-L/14"));
        assertEquals("The SAE " + ckpt.file() + " reads activations 64 wide but CLIP ViT-L/14 gives 1024; use SAEs"
                + " trained on that model (the CLIP ViT-L scope needs CLIP ViT-L/14, width 1024).", e.getMessage());
    }

    /** The pickle's {@code 'd_in': 64} patched to 65, so the weights no longer fit the declared size. */
    @Test
    void refusesWeightsWhoseShapesDisagreeWithTheDeclaredSizes(@TempDir Path dir) throws IOException {
        Path bad = rewritePickle(SaeReference.checkpoint(2), dir.resolve("bad.pt"), "d_in", (byte) 65);
        var e = assertThrows(SaeException.class, () -> SaeCheckpoint.read(bad));
        assertEquals("The SAE checkpoint " + bad + " has model_state_dict.pre_b of shape [64] where its d_in and"
                + " n_features call for [65]; the file is inconsistent, re-download it.", e.getMessage());
    }

    @Test
    void refusesAKThatIsNoTopKSetting(@TempDir Path dir) throws IOException {
        Path bad = rewritePickle(SaeReference.checkpoint(2), dir.resolve("k0.pt"), "k", (byte) 0);
        var e = assertThrows(SaeException.class, () -> SaeCheckpoint.read(bad));
        assertTrue(e.getMessage().contains("has 'k' = 0, not a positive integer"), e.getMessage());
    }

    /** Copies a checkpoint, replacing the one-byte int stored under {@code key} (BININT1) in data.pkl. */
    private static Path rewritePickle(Path source, Path target, String key, byte value) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(source.toFile())) {
            for (var it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        byte[] pkl = entries.get("1000/data.pkl");
        byte[] keyBytes = ("X" + new String(new char[] {(char) key.length(), 0, 0, 0}) + key).getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = indexOf(pkl, keyBytes);
        assertTrue(at >= 0, "no key " + key + " in the pickle");
        int op = at + keyBytes.length + 2; // skip BINPUT n
        assertEquals('K', pkl[op], "the value of " + key + " is a BININT1");
        pkl[op + 1] = value;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (var entry : entries.entrySet()) {
                byte[] data = entry.getValue();
                ZipEntry ze = new ZipEntry(entry.getKey());
                ze.setMethod(ZipEntry.STORED);
                CRC32 crc = new CRC32();
                crc.update(data);
                ze.setCrc(crc.getValue());
                ze.setSize(data.length);
                out.putNextEntry(ze);
                out.write(data);
                out.closeEntry();
            }
        }
        return target;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
