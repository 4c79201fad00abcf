package dev.scope.cli;

import dev.scope.engine.hub.ProgressListener;
import dev.scope.engine.hub.TransferProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress display for a whole fetch: a line at each tenth of the total bytes, with the rate and the
 * time left, so logs (Binder's build log) stay short: {@code  40%  1.2 GB of 3.0 GB  11.8 MB/s  2 min 31 s left}.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;
    private int shownTenths = -1;
    private volatile long total;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onProgress(TransferProgress p) {
        total = p.totalBytes();
        int tenths = total <= 0 ? 10 : (int) (10 * p.bytesDone() / total);
        if (tenths > shownTenths) {
            boolean first = shownTenths < 0; // its rate covers a moment only
            String left = p.finished() ? "done" : first ? "starting" : p.secondsLeft().stream()
                    .mapToObj(s -> duration(s) + " left").findFirst().orElse("starting");
            shownTenths = tenths;
            out.printf(Locale.ROOT, "  %3d%%  %s of %s  %s/s  %s%n", tenths * 10, size(p.bytesDone()), size(total),
                    size((long) p.bytesPerSecond()), left);
        }
    }

    /** The total bytes of the last report. */
    long total() {
        return total;
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
