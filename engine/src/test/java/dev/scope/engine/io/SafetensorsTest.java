package dev.scope.engine.io;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {

    @Test
    void readsOnlyTheVisionTensorsOfTheFixtureClip() throws IOException {
        Safetensors st = Safetensors.open(Fixtures.clip().resolve("model.safetensors"));
        assertTrue(st.names().stream().anyMatch(n -> n.startsWith("text_model.")));
        var vision = st.tensors(n -> n.startsWith("vision_model."));
        assertFalse(vision.isEmpty());
        assertTrue(vision.keySet().stream().allMatch(n -> n.startsWith("vision_model.")));
        Tensor ln = vision.get("vision_model.pre_layrnorm.weight");
        assertArrayEquals(new long[] {64}, ln.shape());
        assertEquals(64, ln.toFloats().length);
    }

    @Test
    void expectedPixelValuesHaveTheProcessorShape() throws IOException {
        Tensor px = Safetensors.open(Fixtures.expected()).tensor("pixel_values");
        assertArrayEquals(new long[] {5, 3, 224, 224}, px.shape());
        assertEquals(DType.F32, px.dtype());
    }

    @Test
    void roundTripsThroughTheWriterInF32F16AndBf16(@TempDir Path dir) throws IOException {
        float[] values = {0f, 1f, -2.5f, 65504f, 1e-3f, -0.0f};
        ByteBuffer f16 = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        // 0, 1, -2.5, 65504 (max half), 0.0010004 (nearest half to 1e-3), -0
        for (short s : new short[] {0x0000, 0x3c00, (short) 0xc100, 0x7bff, 0x1419, (short) 0x8000}) {
            f16.putShort(s);
        }
        f16.flip();
        ByteBuffer bf16 = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        bf16.flip();
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter()
                .add("f32", new long[] {2, 3}, values)
                .add(new Tensor("f16", DType.F16, new long[] {6}, f16))
                .add(new Tensor("bf16", DType.BF16, new long[] {6}, bf16))
                .add("ids", new long[] {3}, new int[] {7, 8, 9})
                .write(file);
        Safetensors st = Safetensors.open(file);
        assertArrayEquals(values, st.tensor("f32").toFloats());
        float[] half = st.tensor("f16").toFloats();
        assertArrayEquals(new float[] {0f, 1f, -2.5f, 65504f, 0.0010004044f, -0.0f}, half, 1e-9f);
        float[] b = st.tensor("bf16").toFloats();
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], b[i], Math.abs(values[i]) / 128 + 1e-6f);
        }
        assertEquals(DType.I32, st.entry("ids").dtype());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may be left beside the output");
        }
    }

    @Test
    void truncatedFileIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.clip().resolve("model.safetensors"));
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void garbledHeaderIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("garbled.safetensors");
        byte[] json = "{not json at all".getBytes(StandardCharsets.UTF_8);
        Files.write(f, withHeader(json, 0));
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.open(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

        Path g = dir.resolve("short.safetensors");
        Files.write(g, new byte[] {1, 2, 3});
        assertThrows(SafetensorsException.class, () -> Safetensors.open(g));

        Path h = dir.resolve("huge-header.safetensors");
        Files.write(h, withHeader("{}".getBytes(StandardCharsets.UTF_8), 0, 1L << 40));
        var he = assertThrows(SafetensorsException.class, () -> Safetensors.open(h));
        assertTrue(he.getMessage().contains("declares a header"), he.getMessage());
    }

    @Test
    void offsetPastTheEndShapeMismatchAndOverlapAreRefused(@TempDir Path dir) throws IOException {
        String past = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertRefused(dir, past, 8, "truncated");
        String mismatch = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}";
        assertRefused(dir, mismatch, 16, "needs 12");
        String dtype = "{\"a\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertRefused(dir, dtype, 16, "unsupported dtype Q4");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        assertRefused(dir, overlap, 16, "overlapping");
    }

    private static void assertRefused(Path dir, String header, int dataBytes, String expect) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, withHeader(header.getBytes(StandardCharsets.UTF_8), dataBytes));
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.open(f));
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }

    private static byte[] withHeader(byte[] json, int dataBytes) {
        return withHeader(json, dataBytes, json.length);
    }

    private static byte[] withHeader(byte[] json, int dataBytes, long declared) {
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared).put(json);
        return b.array();
    }
}
