package dev.scope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.scope.engine.Matrix;
import dev.scope.engine.MatrixProduct;
import dev.scope.engine.RowMajor;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.VisionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The timing half of {@code ./scope bench}: random weights of the plan's shapes built in memory, then
 * each stage of a scope pass timed against clipscope's way of doing it, in one process.
 */
public final class EngineBench {
    private static final long SEED = 1_200_013_184L;

    private final BenchPlan plan;
    private final Consumer<String> progress;
    private final List<BenchRow> rows = new ArrayList<>();
    private final List<StageMemory> stages = new ArrayList<>();
    private final List<BenchRow> towerRows = new ArrayList<>();

    public EngineBench(BenchPlan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** What the timing half found. */
    public record Result(List<BenchRow> rows, List<RooflineShare> roofline, List<BlockProfile.Op> profile,
                         List<BlockProfile.Op> saeProfile, List<StageMemory> stages, List<String> checks,
                         long peakRss) {
    }

    /** A stage's GFLOP/s as a share of a reference rate: the plain GEMM's, or the tower's own linear layers'. */
    public record RooflineShare(String stage, double share, String reference) {
    }

    public Result run() {
        VisionConfig v = plan.vision();
        int layer = plan.layer();
        int depth = v.numHiddenLayers();
        try (NDManager base = NDManager.newBaseManager(Device.cpu())) {
            base.zeros(new Shape(1)).close();
            stages.add(StageMemory.now("engine started"));

            progress.accept("timing the GEMM roofline");
            List<BenchRow> gemm = roofline(base);
            double roof = gemm.stream().filter(r -> !r.name().contains("oneDNN"))
                    .mapToDouble(BenchRow::gflops).max().orElseThrow();

            progress.accept("building a random float32 tower of " + depth + " blocks");
            float[] one = pixels(1);
            float[] batch = pixels(plan.batch());
            BenchRow halfTower;
            List<BlockProfile.Op> profile;
            List<BlockProfile.Op> saeProfile;
            SaeBench.Result saes;
            try (ClipVision clip = ClipVision.random(v, base, DataType.FLOAT32, SEED)) {
                stages.add(StageMemory.now("float32 tower built (" + depth + " blocks)"));
                timeTower(clip, one, batch);
                Matrix resid = clip.forward(one, 1, Capture.blocks(layer)).resid(layer, 0);
                Matrix batchResid = clip.forward(batch, plan.batch(), Capture.blocks(layer)).residFlat(layer);
                progress.accept("building a random float16 tower of " + plan.blocksToLayer() + " blocks");
                halfTower = timeHalfTower(base, clip, one);
                stages.add(StageMemory.now("float16 tower closed"));

                progress.accept("timing one block op by op");
                profile = BlockProfile.run(base, v, 1, plan.profile().warmups(), plan.profile().repeats());
                progress.accept("timing the SAE on " + plan.tokens() + " tokens step by step");
                saeProfile = SaeProfile.run(base, plan.tokens(), plan.dIn(), plan.saeFeatures(), plan.k(),
                        saeBlockWidth(), plan.profile().warmups(), plan.profile().repeats());

                progress.accept("building random SAEs (" + plan.dIn() + " → " + plan.saeFeatures() + ", k " + plan.k() + ")");
                saes = new SaeBench(plan, progress, stages).run(base, clip, one, resid, batchResid, SEED);
            }
            stages.add(StageMemory.now("tower closed"));
            rows.addAll(gemm);
            rows.addAll(saes.rows());
            rows.add(halfTower);
            rows.addAll(saes.halfRows());
            List<RooflineShare> shares = new ArrayList<>();
            towerRows.forEach(r -> shares.add(new RooflineShare(r.name(), r.gflops() / roof, "the faster MKL roofline GEMM")));
            BlockProfile.Op fastest = profile.stream().filter(op -> op.name().endsWith("linear"))
                    .max(java.util.Comparator.comparingDouble(BlockProfile.Op::gflops)).orElseThrow();
            String towerRate = String.format(Locale.ROOT, "the tower's fastest linear layer (%s, %.1f GFLOP/s)",
                    fastest.name(), fastest.gflops());
            saes.rows().stream().filter(r -> !r.name().contains("decode"))
                    .forEach(r -> shares.add(new RooflineShare(r.name(), r.gflops() / fastest.gflops(), towerRate)));
            return new Result(List.copyOf(rows), List.copyOf(shares), profile, saeProfile, List.copyOf(stages),
                    saes.checks(), ProcStatus.read().peakRss());
        }
    }

    /**
     * A plain T×D×M GEMM, the practical roofline, three ways: {@code matMul} of x [T, D] by w [D, M], and
     * {@code Linear} of x by w [M, D] transposed, as the tower's layers store their weights (MKL runs
     * the two through different kernels); and x by w [M', D] transposed on oneDNN ({@link MatrixProduct},
     * as the SAE's encoder runs), M' the largest multiple of its block width up to M.
     */
    private List<BenchRow> roofline(NDManager base) {
        long t = plan.tokens();
        long d = plan.dIn();
        long m = plan.vision().intermediateSize();
        double gflop = FlopCount.gemm(t, d, m) / 1e9;
        try (NDManager scope = base.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(t, d));
            NDArray b = scope.randomNormal(new Shape(d, m));
            NDArray weight = RowMajor.copyOf(b.transpose());
            Timing.Pair pair = Timing.pair(plan.gemm().warmups(), plan.gemm().repeats(), () -> a.matMul(b).close(),
                    () -> Linear.linear(a, weight, null).singletonOrThrow().close());
            long rss = ProcStatus.read().rss();
            long width = m - m % MatrixProduct.CONVOLUTION_WIDTH;
            NDArray rows = weight.get(new NDIndex("0:" + width));
            Timing oneDnn = Timing.of(plan.gemm().warmups(), plan.gemm().repeats(),
                    () -> MatrixProduct.times(a, rows).close());
            return List.of(
                    BenchRow.of(String.format(Locale.ROOT, "GEMM %d×%d×%d, DJL matMul (roofline)", t, d, m),
                            pair.ours(), gflop, rss),
                    BenchRow.of(String.format(Locale.ROOT, "GEMM %d×%d×%d, DJL Linear x·Wᵀ (roofline)", t, d, m),
                            pair.baseline(), gflop, rss),
                    BenchRow.of(String.format(Locale.ROOT, "GEMM %d×%d×%d, oneDNN 1×1 convolution x·Wᵀ", t, d, width),
                            oneDnn, FlopCount.gemm(t, d, width) / 1e9, rss));
        }
    }

    private void timeTower(ClipVision clip, float[] one, float[] batch) {
        VisionConfig v = plan.vision();
        int layer = plan.layer();
        int depth = v.numHiddenLayers();
        int n = plan.batch();
        Capture ours = Capture.blocks(layer);
        Capture clipscope = Capture.blocks(layer).withPooled();
        String baseline = "all " + depth + " blocks + post-LN (clipscope's full CLIP pass)";
        double gflop = FlopCount.tower(v, plan.blocksToLayer()) / 1e9;

        progress.accept("timing the tower at batch 1");
        Timing.Pair single = Timing.pair(plan.tower().warmups(), plan.tower().repeats(),
                () -> clip.forward(one, 1, ours), () -> clip.forward(one, 1, clipscope));
        towerRows.add(new BenchRow("tower to block " + layer + " (" + plan.blocksToLayer() + " blocks), batch 1",
                single.ours(), gflop, baseline, single.baseline(), ProcStatus.read().rss()));

        progress.accept("timing the tower at batch " + n);
        Timing.Pair batched = Timing.pair(plan.batchTower().warmups(), plan.batchTower().repeats(),
                () -> clip.forward(batch, n, ours), () -> clip.forward(batch, n, clipscope));
        towerRows.add(new BenchRow("tower to block " + layer + ", batch " + n + ", per image",
                batched.ours().per(n), gflop, baseline + ", batch " + n, batched.baseline().per(n),
                ProcStatus.read().rss()));
        rows.addAll(towerRows);
    }

    /**
     * The width of the blocks of latents TopKSae encodes one image's tokens in: its pre-activations and
     * its weights each under 2²² floats, a multiple of the convolution's width.
     */
    private int saeBlockWidth() {
        int width = (int) Math.min(plan.saeFeatures(), (1L << 22) / Math.max(plan.tokens(), plan.dIn()));
        return Math.max(MatrixProduct.CONVOLUTION_WIDTH, width - width % MatrixProduct.CONVOLUTION_WIDTH);
    }

    /** The tower with float16 storage against the same shape in float32 (the tower already built, stopped at the layer). */
    private BenchRow timeHalfTower(NDManager base, ClipVision full, float[] one) {
        VisionConfig v = plan.vision();
        VisionConfig toLayer = BenchPlan.withBlocks(v, plan.blocksToLayer());
        Capture ours = Capture.blocks(plan.layer());
        try (ClipVision half = ClipVision.random(toLayer, base, DataType.FLOAT16, SEED)) {
            stages.add(StageMemory.now("float16 tower to block " + plan.layer() + " built beside the float32 one"));
            progress.accept("timing the float16-stored tower at batch 1");
            Timing.Pair pair = Timing.pair(plan.tower().warmups(), plan.tower().repeats(),
                    () -> half.forward(one, 1, ours), () -> full.forward(one, 1, ours));
            return new BenchRow("tower to block " + plan.layer() + ", batch 1, float16 storage", pair.ours(),
                    FlopCount.tower(v, plan.blocksToLayer()) / 1e9, "ours, float32 storage", pair.baseline(),
                    ProcStatus.read().rss());
        }
    }

    private float[] pixels(int images) {
        int size = plan.vision().imageSize();
        float[] px = new float[images * 3 * size * size];
        Random random = new Random(SEED + images);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) random.nextGaussian();
        }
        return px;
    }
}
