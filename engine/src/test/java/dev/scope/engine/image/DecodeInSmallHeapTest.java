package dev.scope.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A 1 × 1 PNG carrying a compressed text chunk of 512 MB (half a megabyte on disk): ImageIO inflates such
 * chunks whole when it reads metadata, so in a 128 MB JVM it decodes only because the decoder skips them.
 */
class DecodeInSmallHeapTest {

    /** Decodes the file named by the first argument and prints its size: run in a JVM of its own. */
    public static void main(String[] args) throws IOException {
        var image = ImageDecoder.read(Path.of(args[0]));
        System.out.println(image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void aPngWithATextChunkBombDecodesInA128MbHeap(@TempDir Path dir) throws Exception {
        Path bomb = Files.write(dir.resolve("bomb.png"), pngWithTextBomb(512));
        assertTrue(Files.size(bomb) < 1 << 20, "the bomb is small on disk: " + Files.size(bomb));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), DecodeInSmallHeapTest.class.getName(), bomb.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "decoding hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("1x1"), out.lines().toList());
    }

    private static byte[] pngWithTextBomb(int megabytes) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(1).putInt(1).put((byte) 8).put(new byte[4]).array());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        text.write(0);
        text.write(0); // compression method: deflate
        try (DeflaterOutputStream z = new DeflaterOutputStream(text, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++) {
                z.write(zeros);
            }
        }
        chunk(png, "zTXt", text.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            z.write(new byte[] {0, 0}); // filter byte, one grey pixel
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
