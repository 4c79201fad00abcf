package dev.scope.bench;

/**
 * One measured stage: our time, the FLOPs it does (NaN where not counted), the baseline it is set
 * against (clipscope's way of doing the same, or another engine setting) and the resident set after it.
 * {@code ratio} is baseline time over ours: above 1 means ours is faster.
 */
public record BenchRow(String name, Timing ours, double gflop, String baselineName, Timing baseline,
                       long rssAfterBytes) {

    public static BenchRow of(String name, Timing ours, double gflop, long rssAfterBytes) {
        return new BenchRow(name, ours, gflop, null, null, rssAfterBytes);
    }

    /** GFLOP/s at the median time; NaN where the FLOPs are not counted. */
    public double gflops() {
        return gflop / (ours.medianMs() / 1000);
    }

    public boolean hasBaseline() {
        return baseline != null;
    }

    /** The baseline's median over ours; NaN without a baseline. */
    public double ratio() {
        return hasBaseline() ? baseline.medianMs() / ours.medianMs() : Double.NaN;
    }
}
