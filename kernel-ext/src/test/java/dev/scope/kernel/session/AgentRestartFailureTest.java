package dev.scope.kernel.session;

import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An agent that cannot be started again: each cell says why and what to do, and the session recovers by itself. */
class AgentRestartFailureTest {

    @Test
    void aSessionThatCannotRestartItsAgentSaysWhyAndHowToRecover(@TempDir Path dir) throws Exception {
        // the agent's JVM reads part of its command line from this file: without it, no agent starts
        Path args = dir.resolve("agent.args");
        Files.writeString(args, "-Dscope.test.start=first");
        SessionOptions base = SessionOptions.fromEnvironment();
        List<String> jvm = new ArrayList<>(base.agentJvmOptions());
        jvm.add("@" + args);
        SessionOptions options = new SessionOptions(base.classpath(), jvm, base.outputLimitBytes(),
                Duration.ofSeconds(20), base.interruptGrace());
        try (KernelTestKit kit = KernelTestKit.start(options)) {
            assertEquals("first", kit.execText("System.getProperty(\"scope.test.start\")"));
            Files.delete(args);
            assertEquals("SessionRestarted", kit.execError("System.exit(1);").name());
            CellError unavailable = kit.execError("1 + 1");
            assertEquals("SessionUnavailable", unavailable.name());
            assertEquals(1, unavailable.traceback().size(), "one line");
            assertTrue(unavailable.message().startsWith("The Java session could not be started again ("), unavailable.message());
            assertTrue(!unavailable.message().contains("\n") && unavailable.message().contains("agent.args"), "says why: " + unavailable.message());
            assertTrue(unavailable.message().contains("Run the cell again to retry; if it fails again, restart the kernel"),
                    unavailable.message());
            Files.writeString(args, "-Dscope.test.start=again");
            assertEquals("again", kit.execText("System.getProperty(\"scope.test.start\")"), "the next cell tries again");
        }
    }
}
