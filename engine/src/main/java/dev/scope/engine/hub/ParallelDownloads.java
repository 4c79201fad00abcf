package dev.scope.engine.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs several blob downloads at once on a small pool. A failed download does not stop the others; an
 * interrupt of the calling thread interrupts them all and waits until each has stopped writing, so every
 * partial file is whole and resumable when the call returns.
 */
final class ParallelDownloads {
    /** How long a cancelled transfer may take to notice; each checks its interrupt at least per chunk. */
    private static final long STOP_WAIT_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** The blob a download brought, or why it did not. */
    record Outcome(Path blob, Throwable failure) {
    }

    /** What each download came to, in order; {@code cancelled} when the calling thread was interrupted. */
    record Outcomes(List<Outcome> each, boolean cancelled) {
    }

    private ParallelDownloads() {
    }

    /**
     * Runs them all; when the calling thread is interrupted, stops them all and reports them as they stand,
     * {@code cancelled}, with the thread's interrupt flag left set.
     */
    static Outcomes run(List<BlobDownload> downloads, int parallel, CombinedProgress progress) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, downloads.size())),
                r -> {
                    Thread t = new Thread(r, "hub-download-" + pool + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        List<Future<Path>> futures = new ArrayList<>();
        try {
            for (BlobDownload d : downloads) {
                futures.add(executor.submit(d::fetch));
            }
            for (Future<Path> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // collected below
                }
            }
            progress.flush();
            return new Outcomes(outcomes(futures), false);
        } catch (InterruptedException | CancellationException e) {
            futures.forEach(f -> f.cancel(true));
            executor.shutdownNow();
            awaitStopped(executor);
            Thread.currentThread().interrupt();
            return new Outcomes(outcomes(futures), true);
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<Outcome> outcomes(List<Future<Path>> futures) {
        List<Outcome> out = new ArrayList<>();
        for (Future<Path> f : futures) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    out.add(new Outcome(f.get(), null));
                } catch (ExecutionException e) {
                    out.add(new Outcome(null, e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // not reached: the future is done
                    out.add(new Outcome(null, e));
                }
            } else {
                out.add(new Outcome(null, new CancellationException()));
            }
        }
        return out;
    }

    /** Waits, through further interrupts, until every transfer has stopped writing. */
    private static void awaitStopped(ExecutorService executor) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                if (executor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException again) {
                // keep waiting: returning while a transfer still writes would leave a torn partial file
            }
        }
    }

    /** Throws the first failure among {@code outcomes}, as the IOException or unchecked throwable it is. */
    static void throwFirstFailure(List<Outcome> outcomes) throws IOException {
        for (Outcome o : outcomes) {
            Throwable t = o.failure();
            if (t == null) {
                continue;
            }
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(t);
        }
    }
}
