package dev.scope.bench;

import java.util.Arrays;

/**
 * Wall-clock times of the repeats of one measurement, after its warm-up runs: median, fastest and
 * slowest, in ms; and the minor page faults per timed run (fresh memory touched: each costs a trap).
 */
public record Timing(double medianMs, double minMs, double maxMs, int repeats, int warmups, double faultsPerRun) {

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
        Runs a = new Runs(repeats);
        Runs b = new Runs(repeats);
        for (int i = 0; i < repeats; i++) {
            a.time(i, ours);
            if (baseline != null) {
                b.time(i, baseline);
            }
        }
        return new Pair(a.summary(warmups), baseline == null ? null : b.summary(warmups));
    }

    /** The times and page faults of one task's repeats. */
    private record Runs(double[] ms, long[] faults) {
        Runs(int repeats) {
            this(new double[repeats], new long[repeats]);
        }

        void time(int i, Runnable task) {
            long faultsBefore = ProcStatus.minorFaults();
            long start = System.nanoTime();
            task.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
            faults[i] = ProcStatus.minorFaults() - faultsBefore;
        }

        Timing summary(int warmups) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Timing(median, sorted[0], sorted[n - 1], n, warmups, Arrays.stream(faults).average().orElse(0));
        }
    }

    /** Two timings taken turn about; {@code baseline} is null when there was none. */
    public record Pair(Timing ours, Timing baseline) {
    }

    /** The same timing per item, for a run that handles {@code items} at once (images in a batch). */
    public Timing per(int items) {
        return new Timing(medianMs / items, minMs / items, maxMs / items, repeats, warmups, faultsPerRun / items);
    }
}
