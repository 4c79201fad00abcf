package dev.scope.kernel.ext;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProgressTest {

    @Test
    void withoutAKernelItPrintsEachTenthToStderr() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.start("scan", 20, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            for (int i = 0; i < 20; i++) {
                p.step();
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(11, lines.length);
        assertEquals("scan [------------------------------] 0% (0/20)", lines[0]);
        assertEquals("scan [###---------------------------] 10% (2/20)", lines[1]);
        assertEquals("scan [##############################] 100% (20/20)", lines[10]);
    }

    @Test
    void stepsAreCancellationCheckpoints() {
        Progress p = Progress.start("load", 5, new PrintStream(new ByteArrayOutputStream()));
        Thread.currentThread().interrupt();
        try {
            assertEquals("Interrupted.", assertThrows(CancellationException.class, p::step).getMessage());
        } finally {
            Thread.interrupted();
        }
    }
}
