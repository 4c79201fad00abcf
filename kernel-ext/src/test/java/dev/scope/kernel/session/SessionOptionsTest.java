package dev.scope.kernel.session;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionOptionsTest {

    private static final List<Path> CP = List.of(Path.of("/x.jar"));

    @Test
    void heapComesFromScopeHeapOrDefaultsToHalfTheMemory() {
        assertEquals(List.of("-XX:MaxRAMPercentage=50"), SessionOptions.fromEnvironment(Map.of(), CP).agentJvmOptions());
        assertEquals(List.of("-Xmx12g", "-XX:+UseG1GC", "-Dfoo=bar"),
                SessionOptions.fromEnvironment(Map.of("SCOPE_HEAP", "12g", "SCOPE_JAVA_OPTS", " -XX:+UseG1GC  -Dfoo=bar "), CP)
                        .agentJvmOptions());
        assertEquals(2048, SessionOptions.fromEnvironment(Map.of("SCOPE_MAX_OUTPUT", "2048"), CP).outputLimitBytes());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("SCOPE_HEAP='lots' is not a heap size; set it like 8g or 4096m, or unset it for half the machine's memory.",
                assertThrows(IllegalArgumentException.class,
                        () -> SessionOptions.fromEnvironment(Map.of("SCOPE_HEAP", "lots"), CP)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.fromEnvironment(Map.of("SCOPE_MAX_OUTPUT", "1MB"), CP));
    }
}
