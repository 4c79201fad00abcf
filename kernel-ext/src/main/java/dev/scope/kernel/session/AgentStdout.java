package dev.scope.kernel.session;

import java.io.OutputStream;

/**
 * One agent's System.out as it arrives: handed to the cell's output and counted, so that a frame which says
 * "after n bytes of text" waits until those bytes are here.
 */
final class AgentStdout extends OutputStream {

    /** How long a frame waits for the text it follows; past it (a cell that swapped System.out) it goes on anyway. */
    static final long ORDER_WAIT_MS = 250;

    private final OutputLimiter target;
    private long count;

    AgentStdout(OutputLimiter target) {
        this.target = target;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        target.write(bytes, offset, length);
        synchronized (this) {
            count += length;
            notifyAll();
        }
    }

    /** Waits (briefly) until {@code mark} bytes have arrived. */
    synchronized void awaitCount(long mark) throws InterruptedException {
        long deadline = System.nanoTime() + ORDER_WAIT_MS * 1_000_000;
        while (count < mark) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
