package dev.scope.kernel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * System.in for cells: when a read finds nothing buffered, the kernel asks the front end for a line (an
 * input_request with an empty prompt), which then reads as that line and a line break. Where the front end takes
 * no input the read fails with the kernel's one-line reason.
 */
final class AgentStdin extends InputStream {

    private final AgentInput input;
    private byte[] line = new byte[0];
    private int next;

    AgentStdin(AgentInput input) {
        this.input = input;
    }

    @Override
    public synchronized int read() throws IOException {
        fill();
        return line[next++] & 0xFF;
    }

    /** What is buffered, at least one byte: a reader asks for more only when it needs more. */
    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        fill();
        int n = Math.min(len, line.length - next);
        System.arraycopy(line, next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - next;
    }

    private void fill() throws IOException {
        if (next < line.length) {
            return;
        }
        try {
            line = (input.readLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
            next = 0;
        } catch (CancellationException e) {
            throw new InterruptedIOException("Interrupted while waiting for input.");
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage());
        }
    }
}
