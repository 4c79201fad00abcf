package dev.scope.engine.hub;

import java.util.HashMap;
import java.util.Map;

/** Sums the progress of several transfers running at once into one report: bytes over all, rate, time left. */
final class CombinedProgress {
    private final ThrottledProgress throttled;
    private final Map<String, Long> done = new HashMap<>();
    private long sum;

    /**
     * @param already bytes each transfer starts with (partial files of earlier calls), by key
     */
    CombinedProgress(ProgressListener listener, String label, long total, Map<String, Long> already) {
        done.putAll(already);
        sum = already.values().stream().mapToLong(Long::longValue).sum();
        throttled = new ThrottledProgress(listener, label, total, sum);
    }

    /** The listener one transfer reports to. */
    ProgressListener part(String key) {
        return p -> update(key, p.bytesDone());
    }

    synchronized long bytesDone() {
        return sum;
    }

    /** The last figure, reported even if it came within the interval of the previous one. */
    synchronized void flush() {
        throttled.flush(sum);
    }

    private synchronized void update(String key, long bytesDone) {
        Long before = done.put(key, bytesDone);
        sum += bytesDone - (before == null ? 0 : before);
        throttled.update(sum);
    }
}
