package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MimeBundle;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent's stdout and stderr as the kernel sees them: text goes to the running cell's listener
 * (buffered, capped), display frames become displays, and result/reply frames answer the kernel.
 */
final class SessionOutput {

    private final OutputLimiter stdout;
    private final OutputLimiter stderr;
    private final FrameDecoder decoder;
    private final BlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    private volatile CellListener listener;

    SessionOutput(long limitBytes) {
        this.stdout = new OutputLimiter(limitBytes);
        this.stderr = new OutputLimiter(limitBytes);
        this.decoder = new FrameDecoder(new FrameDecoder.Sink() {
            @Override
            public void text(byte[] bytes, int offset, int length) {
                stdout.write(bytes, offset, length);
            }

            @Override
            public void frame(String json) {
                try {
                    dispatch(Frame.decode(json));
                } catch (RuntimeException e) {
                    // a broken frame must not kill JShell's output thread; show it as text instead
                    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
                    stdout.write(raw, 0, raw.length);
                }
            }
        });
    }

    PrintStream stdoutStream() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (decoder) {
                    decoder.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
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

    void clearReplies() {
        replies.clear();
    }

    /** The next result or reply frame, or null if none arrives in time. */
    Frame awaitReply(long timeoutMillis) throws InterruptedException {
        return replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void dispatch(Frame frame) {
        switch (frame.kind()) {
            case "display", "update" -> {
                CellListener current = listener;
                if (current != null) {
                    stdout.flush();
                    current.display(frame.id(), bundle(frame), frame.kind().equals("update"));
                }
            }
            case "result", "reply" -> replies.add(frame);
            default -> {
                // a frame from a newer agent: nothing to do with it
            }
        }
    }

    static MimeBundle bundle(Frame frame) {
        Map<String, Object> metadata = frame.metadata() == null ? Map.of() : frame.metadata();
        return new MimeBundle(frame.data() == null ? Map.of() : frame.data(), metadata);
    }
}
