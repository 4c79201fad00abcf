package dev.scope.engine.bench;

import java.util.Arrays;

/** Wall-clock times of the repeats of one measurement, after its warm-up runs: median, fastest and slowest, in ms. */
public record Timing(double medianMs, double minMs, double maxMs, int repeats, int warmups) {

    /** Runs {@code task} {@code warmups} times untimed, then {@code repeats} times timed. */
    public static Timing of(int warmups, int repeats, Runnable task) {
        return pair(warmups, repeats, task, null).ours();
    }

    /**
     * Times two tasks turn about (ours, then the baseline, repeat after repeat), so both see the same
     * load from whatever else the machine is doing.
     */
    public static Pair pair(int warmups, int repeats, Runnable ours, Runnable baseline) {
        if (repeats < 1) {
            throw new IllegalArgumentException("A timing needs at least one repeat, not " + repeats + ".");
        }
        for (int i = 0; i < warmups; i++) {
            ours.run();
            if (baseline != null) {
                baseline.run();
            }
        }
        double[] a = new double[repeats];
        double[] b = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            a[i] = timeMs(ours);
            if (baseline != null) {
                b[i] = timeMs(baseline);
            }
        }
        return new Pair(summarise(a, warmups), baseline == null ? null : summarise(b, warmups));
    }

    /** Two timings taken turn about; {@code baseline} is null when there was none. */
    public record Pair(Timing ours, Timing baseline) {
    }

    private static double timeMs(Runnable task) {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static Timing summarise(double[] ms, int warmups) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Timing(median, sorted[0], sorted[n - 1], n, warmups);
    }

    /** The same timing per item, for a run that handles {@code items} at once (images in a batch). */
    public Timing per(int items) {
        return new Timing(medianMs / items, minMs / items, maxMs / items, repeats, warmups);
    }
}
