package dev.scope.kernel.session;

import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interrupts, System.exit and cells that refuse to stop: the session survives them all. */
class SessionRecoveryTest {

    private static KernelTestKit kit;

    @BeforeAll
    static void start() {
        kit = KernelTestKit.start(SessionOptions.fromEnvironment().withInterruptGrace(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void interruptStopsABusyLoopAndKeepsState() throws Exception {
        kit.execOk("int kept = 5;");
        assertEquals(CellError.oneLine("Interrupted", "The cell was interrupted."), interruptAfterStart("while (true) {}"));
        assertEquals("6", kit.execText("kept + 1"));
        assertEquals(CellError.oneLine("Interrupted", "The cell was interrupted."), interruptAfterStart("Thread.sleep(60_000);"));
        assertEquals("7", kit.execText("kept + 2"));
    }

    @Test
    void longOperationsStopAtTheirNextCheckpoint() throws Exception {
        CompletableFuture<dev.scope.kernel.testkit.CellResult> cell = CompletableFuture.supplyAsync(() -> kit.exec("""
                try {
                    while (true) { dev.scope.kernel.ext.Cancellation.checkpoint(); }
                } catch (java.util.concurrent.CancellationException e) {
                    System.out.println("stopped at a checkpoint: " + e.getMessage());
                }"""));
        Thread.sleep(1500);
        kit.session().interrupt();
        dev.scope.kernel.testkit.CellResult result = cell.get(30, TimeUnit.SECONDS);
        assertEquals("stopped at a checkpoint: Interrupted.\n", result.stdout());
        assertEquals("Interrupted", result.outcome().failure().orElseThrow().name());
        assertEquals("ok", kit.execText("\"ok\""), "the next cell does not see the old request");
    }

    @Test
    void aCellThatSwallowsTheStopGetsAFreshSession() throws Exception {
        kit.execOk("int lost = 1;");
        CellError error = interruptAfterStart("while (true) { try { while (true) {} } catch (Throwable ignored) {} }");
        assertEquals("Interrupted", error.name());
        assertTrue(error.message().contains("restarted"), error.message());
        assertEquals("2", kit.execText("1 + 1"));
        assertEquals("CompileError", kit.execError("lost").name());
    }

    @Test
    void systemExitEndsOnlyTheAgent() {
        kit.execOk("int gone = 1;");
        CellError error = kit.execError("System.out.println(\"bye\");\nSystem.exit(1);");
        assertEquals("SessionRestarted", error.name());
        assertEquals(1, error.traceback().size());
        assertEquals("3", kit.execText("1 + 2"));
        assertEquals("CompileError", kit.execError("gone").name());
        assertEquals("Line magics: %classpath", kit.execText("%lsmagic").substring(0, 23));
        assertTrue(kit.execText("%lsmagic").contains("%latents"), "extension magics come back with the new agent");
    }

    private static CellError interruptAfterStart(String code) throws Exception {
        CompletableFuture<CellError> cell = CompletableFuture.supplyAsync(() -> kit.execError(code));
        Thread.sleep(1500);
        kit.session().interrupt();
        return cell.get(30, TimeUnit.SECONDS);
    }
}
