package dev.scope.kernel.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Buffers one output stream of a cell, hands it on in chunks (whole UTF-8 characters only), and
 * past {@code limit} bytes drops the rest, counting what was dropped.
 */
final class OutputLimiter {

    private final long limit;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Consumer<String> target;
    private long passed;
    private long dropped;

    OutputLimiter(long limit) {
        this.limit = limit;
    }

    synchronized void begin(Consumer<String> target) {
        this.target = target;
        pending.reset();
        passed = 0;
        dropped = 0;
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        long room = Math.max(0, limit - passed - pending.size());
        int kept = (int) Math.min(room, length);
        pending.write(bytes, offset, kept);
        dropped += length - kept;
        if (pending.size() >= 64 * 1024) {
            flush();
        }
    }

    synchronized void flush() {
        if (target == null || pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int complete = Utf8.completePrefix(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            passed += complete;
            target.accept(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    /** Flushes everything and returns the number of bytes that were dropped. */
    synchronized long end() {
        if (target != null && pending.size() > 0) {
            String rest = pending.toString(StandardCharsets.UTF_8);
            passed += pending.size();
            pending.reset();
            target.accept(rest);
        }
        target = null;
        return dropped;
    }
}
