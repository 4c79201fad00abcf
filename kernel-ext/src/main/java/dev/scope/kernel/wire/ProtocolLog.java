package dev.scope.kernel.wire;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines for messages the kernel drops, on the kernel's stderr (the Jupyter server's log). A flood of bad
 * messages logs its first {@value #VERBATIM} lines, then one line per {@value #EVERY} more.
 */
final class ProtocolLog {

    static final int VERBATIM = 20;
    static final int EVERY = 1000;

    private final AtomicLong dropped = new AtomicLong();

    void dropped(String channel, String reason) {
        long n = dropped.incrementAndGet();
        if (n <= VERBATIM || n % EVERY == 0) {
            System.err.println("scope kernel: dropped a message on " + channel + ": " + reason
                    + (n > VERBATIM ? " (" + n + " dropped so far)" : ""));
        }
    }

    long droppedCount() {
        return dropped.get();
    }
}
