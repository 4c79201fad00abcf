package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A Java REPL session for notebooks, with no Jupyter protocol in it: cells run in an agent JVM,
 * state persists across cells, and interrupts, crashes and {@code System.exit} end only the cell
 * (the latter two also the agent, which is replaced at once). Comm messages from the front end are
 * handed to the agent between cells, one at a time, like cells.
 */
public final class JavaSession implements AutoCloseable {

    /** How long a cell gets to notice a cancellation request before it is stopped outright. */
    static final long COOPERATIVE_STOP_MS = 500;
    /** How long a finished cell waits for the displays its agent still has on the way. */
    static final long OUTPUT_SYNC_MS = 2_000;

    private final SessionOptions options;
    private final SessionEvents events;
    private final SessionOutput output;
    private final SessionMagics magics;
    private final CellRunner runner;
    private final SourceAnalysis analysis;
    private final ScheduledExecutorService timer;
    private final Object runLock = new Object();
    private final AtomicLong cellSequence = new AtomicLong();
    private final AtomicLong deliverySequence = new AtomicLong();
    private final List<String> pendingNotes = new ArrayList<>();
    private volatile AgentShell shell;
    private volatile boolean interrupted;
    private volatile boolean running;

    private JavaSession(SessionOptions options, SessionEvents events) {
        this.options = options;
        this.events = events;
        this.output = new SessionOutput(options.outputLimitBytes(), events);
        this.magics = new SessionMagics();
        this.runner = new CellRunner(output, magics, this::cellAborted);
        this.analysis = new SourceAnalysis(() -> shell, magics);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scope-session-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public static JavaSession start(SessionOptions options) {
        return start(options, SessionEvents.NONE);
    }

    /** Starts the agent JVM; what it says outside cells (its comms) goes to {@code events}. */
    public static JavaSession start(SessionOptions options, SessionEvents events) {
        JavaSession session = new JavaSession(options, events);
        session.startAgent();
        return session;
    }

    public SessionMagics magics() {
        return magics;
    }

    /** Runs a cell to its end; {@code cellNumber} is the execution count that names it in errors. */
    public CellOutcome run(int cellNumber, String code, CellListener listener) {
        synchronized (runLock) {
            cellSequence.incrementAndGet();
            interrupted = false;
            output.begin(listener);
            if (!usable(shell)) {
                try {
                    restartAfter("The Java session had ended, so a fresh one was started; earlier variables are gone.");
                } catch (RuntimeException e) {
                    output.end(options.outputLimitBytes());
                    return new CellOutcome.Failed(CellError.oneLine("SessionUnavailable", cannotRestart(e)));
                }
            }
            flushNotes();
            shell.clearCancel();
            running = true;
            ScheduledFuture<?> flusher = timer.scheduleAtFixedRate(this::flushQuietly, 100, 100, TimeUnit.MILLISECONDS);
            CellOutcome outcome;
            try {
                outcome = runner.run(shell, cellNumber, code);
            } catch (MagicSyntaxException e) {
                outcome = new CellOutcome.Failed(CellError.oneLine("MagicSyntaxError", e.getMessage()));
            } catch (CellFailure e) {
                outcome = new CellOutcome.Failed(e.error());
            } catch (CellAborted e) {
                outcome = new CellOutcome.Failed(abortError());
            } finally {
                running = false;
                flusher.cancel(false);
            }
            if (usable(shell) && !cellAborted()) {
                awaitCellOutput(shell);
            }
            if (outcome instanceof CellOutcome.Failed failed
                    && (output.inputRefused() || failed.error().message().contains(StdinNotAllowed.MESSAGE))) {
                outcome = new CellOutcome.Failed(CellError.oneLine("StdinNotAllowed", StdinNotAllowed.MESSAGE));
            }
            output.end(options.outputLimitBytes());
            restartIfGone();
            return outcome;
        }
    }

    /**
     * Hands a comm message from the front end to the agent and waits until its listener has run; what the listener
     * prints or displays goes to {@code listener}. Comms died with an agent that is gone, so then nothing happens.
     */
    public void deliver(CommDelivery delivery, CellListener listener) {
        synchronized (runLock) {
            AgentShell current = shell;
            if (!usable(current)) {
                return;
            }
            cellSequence.incrementAndGet();
            interrupted = false;
            output.begin(listener);
            current.clearCancel();
            running = true;
            ScheduledFuture<?> flusher = timer.scheduleAtFixedRate(this::flushQuietly, 100, 100, TimeUnit.MILLISECONDS);
            try {
                long seq = deliverySequence.incrementAndGet();
                CompletableFuture<Void> done = output.expectDone(seq);
                Frame frame = Frame.of(delivery.kind()).withSeq(seq).withId(delivery.commId())
                        .withValue(delivery.target()).withData(delivery.data()).withBuffers(delivery.buffers());
                if (current.send(frame)) {
                    awaitDelivery(done);
                }
            } finally {
                running = false;
                flusher.cancel(false);
            }
            output.end(options.outputLimitBytes());
            restartIfGone();
        }
    }

    /**
     * Stops the running cell in three steps, each only if the cell is still running: a request that
     * {@code Cancellation.checkpoint()} sees, then JShell's stop (which ends a plain loop), and if
     * the cell ignores even that, a new agent.
     */
    public void interrupt() {
        if (!running) {
            return;
        }
        long sequence = cellSequence.get();
        AgentShell current = shell;
        interrupted = true;
        current.requestCancel();
        BooleanSupplier stillRunning = () -> running && cellSequence.get() == sequence && shell == current;
        timer.schedule(() -> {
            if (stillRunning.getAsBoolean()) {
                current.stop();
            }
        }, COOPERATIVE_STOP_MS, TimeUnit.MILLISECONDS);
        timer.schedule(() -> {
            if (stillRunning.getAsBoolean()) {
                current.close();
            }
        }, COOPERATIVE_STOP_MS + options.interruptGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    public Completion complete(String code, int cursor) {
        return analysis.complete(code, cursor);
    }

    public Optional<String> inspect(String code, int cursor) {
        return analysis.inspect(code, cursor);
    }

    /** One of complete, incomplete, invalid or unknown, as Jupyter's is_complete_reply wants. */
    public String isComplete(String code) {
        return analysis.isComplete(code);
    }

    /** Adds jars or class folders for the compiler and the agent, and loads any extensions in them. */
    public void addToClasspath(List<Path> entries) throws InterruptedException {
        for (Path entry : entries) {
            shell.jshell().addToClasspath(entry.toAbsolutePath().toString());
        }
        registerAgentMagics(shell.initialise(output));
    }

    public boolean isAlive() {
        AgentShell current = shell;
        return current != null && !current.isDead();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        AgentShell current = shell;
        if (current != null) {
            current.close();
        }
    }

    /** A failed publish must not stop the periodic flushing of later output. */
    private void flushQuietly() {
        try {
            output.flush();
        } catch (RuntimeException e) {
            System.err.println("scope kernel: could not forward cell output: " + e);
        }
    }

    /**
     * Waits until the agent has sent all the cell displayed: its frames are written by a thread of their own, so
     * some may still be on their way when the cell's last statement returns, and after the reply they would be
     * dropped. A sync frame passes through the agent's comm thread, whose "done" comes after them.
     */
    private void awaitCellOutput(AgentShell current) {
        long seq = deliverySequence.incrementAndGet();
        CompletableFuture<Void> done = output.expectDone(seq);
        if (!current.send(Frame.of("sync").withSeq(seq))) {
            return;
        }
        try {
            done.get(OUTPUT_SYNC_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a comm listener still busy: what arrives later is lost, as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitDelivery(CompletableFuture<Void> done) {
        while (!cellAborted()) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // still running
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    private static boolean usable(AgentShell agent) {
        return agent != null && !agent.isDead() && !agent.isClosedByKernel();
    }

    /** After a cell or comm listener ended the agent (exit, crash, a stop it ignored), start the next one now. */
    private void restartIfGone() {
        if (!usable(shell)) {
            try {
                restartAfter(null);
            } catch (RuntimeException e) {
                System.err.println("scope kernel: " + cannotRestart(e));
            }
        }
    }

    private static String cannotRestart(RuntimeException e) {
        String why = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        return "The Java session could not be started again (" + why + "). Run the cell again to retry; "
                + "if it fails again, restart the kernel, and if that fails too, free memory (close other notebooks) "
                + "or lower SCOPE_HEAP.";
    }

    private boolean cellAborted() {
        AgentShell current = shell;
        return interrupted || current.isDead() || current.isClosedByKernel();
    }

    private CellError abortError() {
        if (shell.isClosedByKernel()) {
            return CellError.oneLine("Interrupted", "The cell did not stop when interrupted, so the Java session "
                    + "was restarted; variables from earlier cells are gone.");
        }
        if (shell.isDead()) {
            return CellError.oneLine("SessionRestarted", "The Java session ended (System.exit or a crash) and a "
                    + "fresh one was started; variables, imports and classes from earlier cells are gone.");
        }
        return CellError.oneLine("Interrupted", "The cell was interrupted.");
    }

    private void restartAfter(String note) {
        if (shell != null) {
            shell.close();
            events.agentReplaced();
        }
        startAgent();
        if (note != null) {
            output.note(note + "\n");
        }
    }

    /** Starts an agent; one that fails to initialise is closed, so the next cell tries again. */
    private void startAgent() {
        shell = AgentShell.start(options, output);
        try {
            registerAgentMagics(shell.initialise(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.close();
            throw new IllegalStateException("Interrupted while starting the Java agent.", e);
        } catch (RuntimeException e) {
            shell.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void registerAgentMagics(Map<String, Object> reply) {
        List<MagicInfo> found = new ArrayList<>();
        for (Map<String, String> m : (List<Map<String, String>>) reply.getOrDefault("magics", List.of())) {
            found.add(new MagicInfo(m.get("name"), "cell".equals(m.get("kind")), m.get("help"), false));
        }
        magics.addAgentMagics(found, runner);
        synchronized (pendingNotes) {
            for (Object problem : (List<Object>) reply.getOrDefault("problems", List.of())) {
                pendingNotes.add("Note: " + problem + "\n");
            }
        }
    }

    private void flushNotes() {
        synchronized (pendingNotes) {
            pendingNotes.forEach(output::note);
            pendingNotes.clear();
        }
    }
}
