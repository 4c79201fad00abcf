package dev.scope.engine.hostile;

import dev.scope.engine.limits.Limit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every hostile input through the engine call that reads it: each must be refused with an
 * {@link IOException} whose message is one sentence naming the input and saying why, within seconds
 * (the deadline here only keeps a regression from hanging the build), and nothing may run.
 */
class HostileReadersTest {

    @TestFactory
    List<DynamicTest> everyHostileInputIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        List<HostileInputs.Case> cases = HostileInputs.all(dir);
        assertTrue(cases.size() >= 50, "the catalogue has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> refused(c))).toList();
    }

    static void refused(HostileInputs.Case c) {
        withLimits(c.limits(), () -> {
            Exception e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(Exception.class, c.reader()::read), c.name());
            assertInstanceOf(IOException.class, e, () -> c.name() + " escaped as " + e);
            assertOneLineNaming(e.getMessage(), c);
        });
        if (c.marker() != null) {
            assertFalse(Files.exists(c.marker()), c.name() + " ran code: " + c.marker() + " exists");
        }
    }

    static void assertOneLineNaming(String message, HostileInputs.Case c) {
        assertNotNull(message, c.name());
        assertFalse(message.contains("\n"), () -> c.name() + ": more than one line: " + message);
        assertTrue(message.contains(c.named().toString()), () -> c.name() + ": does not name " + c.named() + ": " + message);
        assertTrue(message.contains(c.mustSay()), () -> c.name() + ": does not say \"" + c.mustSay() + "\": " + message);
        assertTrue(message.endsWith("."), () -> c.name() + ": not a sentence: " + message);
        assertTrue(message.length() < 600, () -> c.name() + ": " + message.length() + " characters: " + message);
        if (message.contains("over the limit")) {
            Limit limit = c.limits().isEmpty() ? null : c.limits().keySet().iterator().next();
            assertTrue(message.contains("SCOPE_LIMIT_") && message.contains("-Dscope.limit."),
                    () -> c.name() + ": does not say how to raise the limit: " + message);
            if (limit != null) {
                assertTrue(message.contains(limit.environmentVariable()), message);
            }
        }
    }

    /** Runs {@code body} with the given limits set as system properties, then restores them. */
    static void withLimits(Map<Limit, Long> limits, Runnable body) {
        limits.forEach((limit, value) -> System.setProperty(limit.property(), String.valueOf(value)));
        try {
            body.run();
        } finally {
            limits.keySet().forEach(limit -> System.clearProperty(limit.property()));
        }
    }
}
