package dev.scope.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls {@code /proc/self/status} on a daemon thread to catch the peak of anonymous memory, which
 * the kernel does not keep a high-water mark for (its {@code VmHWM} mixes in file-backed pages).
 */
final class RssSampler implements AutoCloseable {
    private static final long PERIOD_MS = 2;

    private final AtomicLong peakAnon = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler() {
        sample();
        thread = new Thread(this::loop, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes a sample now (call it at the end of each stage so no stage's peak is missed entirely). */
    ProcStatus sample() {
        ProcStatus s = ProcStatus.read();
        peakAnon.accumulateAndGet(s.anon(), Math::max);
        return s;
    }

    long peakAnon() {
        return peakAnon.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
