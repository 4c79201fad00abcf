package dev.scope.engine.hub;

import java.util.function.LongSupplier;

/** Turns per-chunk updates into at most one listener call per interval, plus the first and the final one. */
final class ThrottledProgress {
    static final long INTERVAL_NANOS = 100_000_000L;

    private final ProgressListener listener;
    private final String file;
    private final long total;
    private final long startBytes;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastCall = Long.MIN_VALUE;
    private long lastBytes = -1;

    ThrottledProgress(ProgressListener listener, String file, long total, long startBytes, LongSupplier clock) {
        this.listener = listener;
        this.file = file;
        this.total = total;
        this.startBytes = startBytes;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    ThrottledProgress(ProgressListener listener, String file, long total, long startBytes) {
        this(listener, file, total, startBytes, System::nanoTime);
    }

    void update(long bytesDone) {
        long now = clock.getAsLong();
        boolean first = lastCall == Long.MIN_VALUE;
        if (!first && bytesDone < total && now - lastCall < INTERVAL_NANOS) {
            return;
        }
        report(bytesDone, now);
    }

    /** Reports {@code bytesDone} now unless it was the last figure reported. */
    void flush(long bytesDone) {
        if (bytesDone != lastBytes) {
            report(bytesDone, clock.getAsLong());
        }
    }

    private void report(long bytesDone, long now) {
        lastCall = now;
        lastBytes = bytesDone;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? (bytesDone - startBytes) / seconds : 0.0;
        listener.onProgress(new TransferProgress(file, bytesDone, total, rate));
    }
}
