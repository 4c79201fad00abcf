package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MimeBundle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The agent's end of its socket to the kernel. Frames are queued and written by a thread of their own, so a cell
 * stopped mid-display cannot leave half a frame behind; a second thread reads what the kernel sends.
 */
final class KernelLink {

    /** Frames waiting to be written; a cell that displays faster than the kernel takes them waits. */
    static final int OUTBOX_FRAMES = 256;

    private final DataOutputStream out;
    private final DataInputStream in;
    private final StdoutCounter stdout;
    private final BlockingQueue<Frame> outbox = new ArrayBlockingQueue<>(OUTBOX_FRAMES);
    private volatile boolean closed;

    private KernelLink(Socket socket, StdoutCounter stdout) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.stdout = stdout;
    }

    /** Connects to the kernel on {@code port} of the loopback address and proves itself with {@code token}. */
    static KernelLink connect(int port, String token, StdoutCounter stdout, Consumer<Frame> incoming) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            KernelLink link = new KernelLink(socket, stdout);
            link.out.write(token.getBytes(StandardCharsets.US_ASCII));
            link.out.flush();
            daemon("scope-link-writer", link::writeLoop);
            daemon("scope-link-reader", () -> link.readLoop(incoming));
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("The agent could not reach the kernel on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Queues {@code frame}, marked with how much the cell has printed so far. */
    void send(Frame frame) {
        if (closed) {
            return;
        }
        System.out.flush();
        try {
            outbox.put(frame.withStdout(stdout.count()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Frame frame = outbox.take();
                byte[] body = frame.encode();
                if (body.length > Frames.MAX_FRAME_BYTES) {
                    body = oversize(frame, body.length).encode();
                }
                Frames.write(out, body);
            }
        } catch (IOException | InterruptedException e) {
            closed = true;
        }
    }

    private void readLoop(Consumer<Frame> incoming) {
        try {
            while (true) {
                byte[] body = Frames.read(in, Frames.MAX_FRAME_BYTES);
                if (body != null) {
                    incoming.accept(Frame.decode(body));
                }
            }
        } catch (IOException | RuntimeException e) {
            closed = true;
        }
    }

    /** What goes instead of a frame over the limit: displays say so in a line, anything else goes empty. */
    private static Frame oversize(Frame frame, int bytes) {
        String note = String.format("This output is %,d MB, over the kernel's limit of %,d MB per output; show a "
                + "smaller picture or write it to a file.", bytes >> 20, Frames.MAX_FRAME_BYTES >> 20);
        return switch (frame.kind()) {
            case "display", "update", "result" -> frame.withData(MimeBundle.text(note).data()).withMetadata(null);
            default -> {
                System.err.println(note);
                yield Frame.of(frame.kind()).withId(frame.id()).withSeq(frame.seq()).withStdout(frame.stdout());
            }
        };
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
