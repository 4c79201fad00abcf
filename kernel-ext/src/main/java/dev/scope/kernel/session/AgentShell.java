package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames.Frame;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One JShell whose code runs in a separate agent JVM (JShell's JDI execution). Stopping user code
 * goes through the debugger, which works for a plain {@code while (true) {}} on JDK 17 and 25, and
 * a {@code System.exit} only ends the agent, which the session then replaces.
 */
final class AgentShell implements AutoCloseable {

    static final List<String> IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*",
            "java.awt.image.BufferedImage", "static dev.scope.kernel.ext.Display.*",
            "static dev.scope.kernel.ext.Input.*");

    private final JShell shell;
    private final AgentLink link;
    private final Path cancelFlag;
    /** How long closing waits for the agent JVM to exit before it is killed. */
    static final long EXIT_WAIT_MS = 3_000;

    private volatile boolean dead;
    private volatile long pid = -1;
    private volatile boolean closedByKernel;
    private boolean imported;

    private AgentShell(JShell shell, AgentLink link, Path cancelFlag) {
        this.shell = shell;
        this.link = link;
        this.cancelFlag = cancelFlag;
    }

    static AgentShell start(SessionOptions options, SessionOutput output) {
        List<String> vm = new ArrayList<>(List.of("-cp", Classpath.join(options.classpath()),
                "-Djava.awt.headless=true"));
        vm.addAll(options.agentJvmOptions());
        CompilerWarmup.startInBackground();
        AgentStdout stdout = output.newAgentStdout();
        // the agent connects from Agent.init, after its JVM has started and the imports have compiled
        AgentLink link = AgentLink.listen(options.startTimeout().multipliedBy(2).plusSeconds(30),
                (from, frame) -> output.frame(frame, stdout, from));
        JShell shell = JShell.builder()
                .out(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                .err(output.stderrStream())
                .in(InputStream.nullInputStream())
                .executionEngine("jdi:hostname(127.0.0.1),timeout(" + options.startTimeout().toMillis() + ")")
                .remoteVMOptions(vm.toArray(String[]::new))
                .build();
        AgentShell agent = new AgentShell(shell, link, cancelFlagPath());
        shell.onShutdown(closed -> agent.dead = true);
        shell.addToClasspath(Classpath.join(options.classpath()));
        return agent;
    }

    /** Runs the imports (once) and the agent's init; returns the init reply (installed magics, problems). */
    @SuppressWarnings("unchecked")
    Map<String, Object> initialise(SessionOutput output) throws InterruptedException {
        if (!imported) {
            for (String name : IMPORTS) {
                shell.eval("import " + name + ";");
            }
            imported = true;
        }
        output.clearReplies();
        List<SnippetEvent> events = shell.eval("dev.scope.kernel.agent.Agent.init("
                + JavaLiteral.string(cancelFlag.toString()) + ", " + link.port() + ", " + JavaLiteral.string(link.token()) + ");");
        Frame reply = output.awaitReply(30_000);
        if (reply == null || !(reply.value() instanceof Map)) {
            String why = events.isEmpty() || events.get(0).exception() == null ? "no reply" : events.get(0).exception().toString();
            throw new IllegalStateException("The Java agent did not start (" + why
                    + "); check that the scope-kernel jar is on the kernel's classpath.");
        }
        Map<String, Object> init = (Map<String, Object>) reply.value();
        if (init.get("pid") instanceof Number n) {
            pid = n.longValue();
        }
        return init;
    }

    JShell jshell() {
        return shell;
    }

    /** Sends a frame to the agent; false if its link is down. */
    boolean send(Frame frame) {
        return link.send(frame);
    }

    boolean isDead() {
        return dead && !closedByKernel;
    }

    boolean isClosedByKernel() {
        return closedByKernel;
    }

    /** Names of the variables currently defined in the session. */
    Set<String> variableNames() {
        return shell.variables()
                .filter(v -> shell.status(v).isActive())
                .map(VarSnippet::name)
                .collect(Collectors.toSet());
    }

    /**
     * Asks the running cell to stop at its next {@code Cancellation.checkpoint()}: the flag appears at once
     * and whole, made by {@link Files#createTempFile} in the private folder and renamed.
     */
    void requestCancel() {
        try {
            Path made = Files.createTempFile(cancelFlag.getParent(), "cancel-", ".tmp");
            Files.move(made, cancelFlag, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the hard stop still follows
        }
    }

    void clearCancel() {
        try {
            Files.deleteIfExists(cancelFlag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops user code at once, through the debugger. */
    void stop() {
        try {
            shell.stop();
        } catch (IllegalStateException alreadyClosed) {
            // nothing left to stop
        }
    }

    @Override
    public void close() {
        closedByKernel = true;
        shell.close();
        link.close();
        awaitExit();
        try {
            Files.deleteIfExists(cancelFlag);
            Files.deleteIfExists(cancelFlag.getParent());
        } catch (IOException ignored) {
            // a stray empty folder in the temp folder
        }
    }

    /** The agent JVM exits once its JShell is closed; one that lingers (a loaded machine, a busy hook) is killed. */
    private void awaitExit() {
        (pid > 0 ? ProcessHandle.of(pid) : java.util.Optional.<ProcessHandle>empty()).ifPresent(process -> {
            try {
                process.onExit().get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        });
    }

    /**
     * Where the cancel flag goes: {@code cancel.flag} in a new folder of the temp folder that only this user
     * may enter ({@code rwx------}), so no one else can raise, remove or foresee it (a shared {@code /tmp}
     * with a guessable name let any local user cancel cells or plant a file there first).
     */
    static Path cancelFlagPath() {
        try {
            Path dir;
            try {
                dir = Files.createTempDirectory("scope-cancel-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                dir = Files.createTempDirectory("scope-cancel-"); // Windows: the user's own temp folder
            }
            return dir.resolve("cancel.flag");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
