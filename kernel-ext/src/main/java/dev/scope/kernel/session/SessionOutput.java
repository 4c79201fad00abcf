package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MimeBundle;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the agent produces, as the kernel sees it: text goes to the running cell's listener (buffered, capped),
 * display and clear frames become outputs, result and reply frames answer the kernel, input frames ask the
 * listener for a line, comm frames go to the session's events, and done frames end a comm delivery.
 */
final class SessionOutput {

    private final OutputLimiter stdout;
    private final OutputLimiter stderr;
    private final SessionEvents events;
    private final BlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<Void>> deliveries = new ConcurrentHashMap<>();
    private final ExecutorService inputs = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scope-input");
        t.setDaemon(true);
        return t;
    });
    private volatile CellListener listener;
    private volatile boolean inputRefused;

    SessionOutput(long limitBytes, SessionEvents events) {
        this.stdout = new OutputLimiter(limitBytes);
        this.stderr = new OutputLimiter(limitBytes);
        this.events = events;
    }

    /** A fresh System.out for one agent: counted, so its frames can wait for the text before them. */
    AgentStdout newAgentStdout() {
        return new AgentStdout(stdout);
    }

    PrintStream stderrStream() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                stderr.write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stderr.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
    }

    void begin(CellListener cellListener) {
        replies.clear();
        inputRefused = false;
        listener = cellListener;
        stdout.begin(cellListener::stdout);
        stderr.begin(cellListener::stderr);
    }

    void flush() {
        stdout.flush();
        stderr.flush();
    }

    /** Flushes what is left and notes any output that went over the limit. */
    void end(long limitBytes) {
        CellListener current = listener;
        long droppedOut = stdout.end();
        long droppedErr = stderr.end();
        if (current != null && droppedOut + droppedErr > 0) {
            current.stderr(String.format("%n[%,d bytes of output were not shown: a cell shows at most %,d bytes per stream]%n",
                    droppedOut + droppedErr, limitBytes));
        }
        listener = null;
    }

    /** A kernel note on the cell's stderr, after what the cell itself wrote there. */
    void note(String text) {
        CellListener current = listener;
        if (current != null) {
            stderr.flush();
            current.stderr(text);
        }
    }

    /** Whether the running cell asked for input that the front end could not give. */
    boolean inputRefused() {
        return inputRefused;
    }

    void clearReplies() {
        replies.clear();
    }

    /** The next result or reply frame, or null if none arrives in time. */
    Frame awaitReply(long timeoutMillis) throws InterruptedException {
        return replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Completes when the agent reports delivery {@code seq} handled. */
    CompletableFuture<Void> expectDone(long seq) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        deliveries.put(seq, done);
        return done;
    }

    /** A frame from agent {@code link} (on the link's thread), after the text it follows. */
    void frame(Frame frame, AgentStdout agentStdout, AgentLink link) {
        try {
            agentStdout.awaitCount(frame.stdout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        CellListener current = listener;
        switch (frame.kind()) {
            case "display", "update" -> {
                if (current != null) {
                    stdout.flush();
                    current.display(frame.id(), bundle(frame), frame.kind().equals("update"));
                }
            }
            case "clear" -> {
                if (current != null) {
                    stdout.flush();
                    current.clearOutput(Boolean.TRUE.equals(frame.value()));
                }
            }
            case "result", "reply" -> replies.add(frame);
            case "input" -> inputs.execute(() -> answerInput(frame, link));
            case "comm_open" -> events.commOpened(frame.id(), String.valueOf(frame.value()), frame.dataOrEmpty(),
                    frame.metadata() == null ? Map.of() : frame.metadata(), frame.bufferBytes());
            case "comm_msg" -> events.commMessage(frame.id(), frame.dataOrEmpty(), frame.bufferBytes());
            case "comm_close" -> events.commClosed(frame.id(), frame.dataOrEmpty());
            case "done" -> {
                CompletableFuture<Void> done = deliveries.remove(frame.seq());
                if (done != null) {
                    done.complete(null);
                }
            }
            default -> {
                // a frame from a newer agent: nothing to do with it
            }
        }
    }

    private void answerInput(Frame request, AgentLink link) {
        Frame reply = Frame.of("input_reply").withSeq(request.seq());
        try {
            reply = reply.withValue(ask(String.valueOf(request.value()),
                    Boolean.TRUE.equals(request.dataOrEmpty().get("password"))));
        } catch (InterruptedIOException e) {
            reply = reply.withError("Interrupted.").withData(Map.of("cancelled", true));
        } catch (IOException e) {
            reply = reply.withError(e.getMessage());
        }
        link.send(reply);
    }

    private String ask(String prompt, boolean password) throws IOException {
        CellListener current = listener;
        if (current == null) {
            inputRefused = true;
            throw new StdinNotAllowed();
        }
        flush();
        try {
            return current.input(prompt, password);
        } catch (StdinNotAllowed e) {
            inputRefused = true;
            throw e;
        }
    }

    static MimeBundle bundle(Frame frame) {
        Map<String, Object> metadata = frame.metadata() == null ? Map.of() : frame.metadata();
        return new MimeBundle(frame.data() == null ? Map.of() : frame.data(), metadata);
    }
}
