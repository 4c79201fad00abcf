package dev.scope.cli;

import dev.scope.index.IndexProgress;
import dev.scope.index.Indexer;

import java.io.PrintStream;

/**
 * The indexing progress bar on a terminal: one line redrawn in place (at most five times a second) when
 * stderr is a terminal, else one line per percent, so that logs stay short.
 */
final class TerminalProgress implements Indexer.Listener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private long lastDraw;
    private int lastPercent = -1;

    TerminalProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(IndexProgress p) {
        int percent = p.total() == 0 ? 100 : (int) ((long) p.done() * 100 / p.total());
        long now = System.nanoTime();
        boolean last = p.done() >= p.total();
        if (terminal) {
            if (last || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                err.print("\r" + line(p, percent) + (last ? "\n" : ""));
                err.flush();
            }
        } else if (percent != lastPercent) {
            lastPercent = percent;
            err.println(line(p, percent));
        }
    }

    static String line(IndexProgress p, int percent) {
        int filled = percent * WIDTH / 100;
        return "indexing [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "% " + p.detail();
    }
}
