package dev.scope.kernel.ext;

import java.io.PrintStream;

/**
 * A progress bar that updates one display in place. Without a kernel it writes a line to stderr at
 * every tenth of the way. Each step is also a cancellation checkpoint.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("Scanning images", files.size())) {
 *     for (Path f : files) { scan(f); p.step(); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {

    private static final long MIN_UPDATE_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final PrintStream headless;
    private final String displayId;
    private long done;
    private long lastUpdateNanos;
    private int lastTenth = -1;
    private boolean finished;
    private String detail = "";

    private Progress(String label, long total, PrintStream headless) {
        if (total < 0) {
            throw new IllegalArgumentException("Progress total must be zero or more, got " + total + ".");
        }
        this.label = label;
        this.total = total;
        this.headless = headless;
        this.displayId = Display.isAttached() ? Display.display(view()).id() : null;
        report(true);
    }

    public static Progress start(String label, long total) {
        return new Progress(label, total, System.err);
    }

    static Progress start(String label, long total, PrintStream headless) {
        return new Progress(label, total, headless);
    }

    public void step() {
        advance(1);
    }

    public void advance(long steps) {
        update(done + steps);
    }

    public synchronized void update(long doneSoFar) {
        Cancellation.checkpoint();
        done = Math.max(0, total == 0 ? doneSoFar : Math.min(total, doneSoFar));
        report(false);
    }

    /** Moves to {@code doneSoFar} and shows {@code detail} after the counts (a rate, the time left…). */
    public synchronized void update(long doneSoFar, String detail) {
        this.detail = detail == null ? "" : detail;
        update(doneSoFar);
    }

    public long done() {
        return done;
    }

    /** Marks the work as finished and draws the final state. */
    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            done = Math.max(done, total);
            report(true);
        }
    }

    public ProgressView view() {
        return new ProgressView(label, done, total, finished, detail);
    }

    private void report(boolean force) {
        if (displayId != null) {
            long now = System.nanoTime();
            if (force || now - lastUpdateNanos >= MIN_UPDATE_NANOS) {
                lastUpdateNanos = now;
                Display.updateDisplay(displayId, view());
            }
        } else {
            int tenth = total == 0 ? (finished ? 10 : 0) : (int) (done * 10 / total);
            if (tenth != lastTenth && (tenth > lastTenth || force)) {
                lastTenth = tenth;
                headless.println(view().textLine());
            }
        }
    }
}
