package dev.scope.index;

import java.util.Locale;

/**
 * How far an indexing job is: images handled (committed) of the total, the rate of this run and the time left
 * at that rate. The terminal bar and the notebook bar both show {@link #detail()}.
 *
 * @param done     images of the input handled so far, including those already in the index before this run
 * @param total    images in the input
 * @param seconds  seconds since this run started scanning
 * @param scanned  images handled by this run
 */
public record IndexProgress(int done, int total, double seconds, int scanned) {

    /** Images per second handled by this run (0 before the first batch). */
    public double rate() {
        return seconds > 0 ? scanned / seconds : 0;
    }

    /** Seconds left at the current rate; NaN before the rate is known. */
    public double secondsLeft() {
        return rate() > 0 ? (total - done) / rate() : Double.NaN;
    }

    /** "1,234/2,000 images · 45.2 images/s · 0:17 left". */
    public String detail() {
        String left = Double.isNaN(secondsLeft()) ? "time left unknown" : clock(secondsLeft()) + " left";
        return String.format(Locale.ROOT, "%,d/%,d images · %.1f images/s · %s", done, total, rate(),
                done >= total ? "done in " + clock(seconds) : left);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
