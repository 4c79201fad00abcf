package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** A broken or hostile SAE in {@code %scope load}, and what the readers can still throw, become one line. */
class HostileLoadTest {
    static final MagicContext NO_VARIABLES = name -> Optional.empty();

    @Test
    void anSaeWhoseKIsAHundredThousandListsDeepIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("saes").resolve("2_resid").resolve("1000.pt");
        Files.createDirectories(checkpoint.getParent());
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, '}', '(', 'X', 1, 0, 0, 0, 'k'});
        pickle.writeBytes("(".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes("l".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {'u', '.'});
        torchZip(checkpoint, Map.of("archive/data.pkl", pickle.toByteArray(), "archive/byteorder",
                "little".getBytes(StandardCharsets.US_ASCII)));

        ScopeSession session = new ScopeSession();
        try {
            MagicException e = assertThrows(MagicException.class, () -> new ScopeMagics(session).run(List.of("load",
                    "--clip", Fixtures.clip().toString(), "--saes", dir.resolve("saes").toString(), "--layers", "2",
                    "--device", "cpu"), NO_VARIABLES));
            assertEquals("The checkpoint " + checkpoint + " nests lists, dicts or tuples at least 101 levels deep, over"
                    + " the limit of 100 levels (nestingDepth); if you trust it, raise the limit with"
                    + " SCOPE_LIMIT_NESTING_DEPTH=N or -Dscope.limit.nestingDepth=N.", e.getMessage());
        } finally {
            session.replaceScope(null);
        }
    }

    @Test
    void aStackOverflowOrAnExhaustedHeapFromAnEngineCallIsOneLine() {
        MagicException overflow = assertThrows(MagicException.class, () -> EngineCalls.call(() -> {
            throw new StackOverflowError();
        }));
        assertEquals("A file this cell reads nests too deeply to be read (the stack overflowed); check the files and"
                + " weights it names.", overflow.getMessage());
        MagicException memory = assertThrows(MagicException.class, () -> EngineCalls.call(() -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        assertTrue(memory.getMessage().startsWith("Out of memory ("), memory.getMessage());
        assertFalse(memory.getMessage().contains("\n"));
    }

    private static void torchZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                entry.setSize(e.getValue().length);
                entry.setCompressedSize(e.getValue().length);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
