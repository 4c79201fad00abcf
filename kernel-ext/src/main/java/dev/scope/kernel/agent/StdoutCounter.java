package dev.scope.kernel.agent;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Counts the bytes cells write to System.out, so that each frame can say how much text came before it and the
 * kernel keeps text and displays in the order the cell made them.
 */
final class StdoutCounter extends FilterOutputStream {

    private volatile long count;

    private StdoutCounter(OutputStream out) {
        super(out);
    }

    /** Puts a counter between System.out (UTF-8 from now on, as the kernel reads it) and where it went. */
    static StdoutCounter install() {
        StdoutCounter counter = new StdoutCounter(System.out);
        System.setOut(new PrintStream(counter, true, StandardCharsets.UTF_8));
        return counter;
    }

    long count() {
        return count;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }
}
