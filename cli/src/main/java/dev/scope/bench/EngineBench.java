package dev.scope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.scope.engine.Matrix;
import dev.scope.engine.RowMajor;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;

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
    /** Agreement asked of our SAE and clipscope's on the same weights (float32 sums in another order). */
    static final float AGREEMENT = 1e-4f;

    private final BenchPlan plan;
    private final Consumer<String> progress;
    private final List<BenchRow> rows = new ArrayList<>();
    private final List<StageMemory> stages = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();
    private final List<BenchRow> halfSaeRows = new ArrayList<>();
    private final List<BenchRow> towerRows = new ArrayList<>();

    public EngineBench(BenchPlan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** What the timing half found. */
    public record Result(List<BenchRow> rows, List<RooflineShare> roofline, List<BlockProfile.Op> profile,
                         List<StageMemory> stages, List<String> checks, long peakRss) {
    }

    /** A stage's GFLOP/s as a share of the plain GEMM's. */
    public record RooflineShare(String stage, double share) {
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
            double roof = gemm.stream().mapToDouble(BenchRow::gflops).max().orElseThrow();

            progress.accept("building a random float32 tower of " + depth + " blocks");
            float[] one = pixels(1);
            float[] batch = pixels(plan.batch());
            Matrix resid;
            BenchRow halfTower;
            try (ClipVision clip = ClipVision.random(v, base, DataType.FLOAT32, SEED)) {
                stages.add(StageMemory.now("float32 tower built (" + depth + " blocks)"));
                timeTower(clip, one, batch);
                resid = clip.forward(one, 1, Capture.blocks(layer)).resid(layer, 0);
                progress.accept("building a random float16 tower of " + plan.blocksToLayer() + " blocks");
                halfTower = timeHalfTower(base, clip, one);
            }
            rows.addAll(gemm);
            stages.add(StageMemory.now("towers closed"));

            progress.accept("timing one block op by op");
            List<BlockProfile.Op> profile = BlockProfile.run(base, v, 1, plan.profile().warmups(), plan.profile().repeats());

            progress.accept("building random SAEs (" + plan.dIn() + " → " + plan.saeFeatures() + ", k " + plan.k() + ")");
            timeSaes(base, resid);
            rows.add(halfTower);
            rows.addAll(halfSaeRows);
            List<RooflineShare> roofline = towerRows.stream()
                    .map(r -> new RooflineShare(r.name(), r.gflops() / roof)).toList();
            return new Result(List.copyOf(rows), roofline, profile, List.copyOf(stages), List.copyOf(checks),
                    ProcStatus.read().peakRss());
        }
    }

    /**
     * A plain T×D×M GEMM, the practical roofline, two ways: {@code matMul} of x [T, D] by w [D, M], and
     * {@code Linear} of x by w [M, D] transposed, as the tower's layers store their weights (MKL runs
     * the two through different kernels).
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
            return List.of(
                    BenchRow.of(String.format(Locale.ROOT, "GEMM %d×%d×%d, DJL matMul (roofline)", t, d, m),
                            pair.ours(), gflop, rss),
                    BenchRow.of(String.format(Locale.ROOT, "GEMM %d×%d×%d, DJL Linear x·Wᵀ (roofline)", t, d, m),
                            pair.baseline(), gflop, rss));
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

    private void timeSaes(NDManager base, Matrix resid) {
        int dIn = plan.dIn();
        int features = plan.saeFeatures();
        int k = plan.k();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) SEED);
        NDArray drawn = base.randomNormal(new Shape(dIn, features));
        NDArray enc = drawn.div(drawn.norm(new int[] {0}, true));
        drawn.close();
        NDArray dec = RowMajor.copyOf(enc.transpose());
        NDArray preB = base.randomNormal(0f, 0.1f, new Shape(dIn), DataType.FLOAT32);
        try (TopKSae sae = TopKSae.of(base, k, preB.duplicate(), enc.duplicate(), dec.duplicate(), DataType.FLOAT32);
             TopKSae half = TopKSae.of(base, k, preB.duplicate(), enc.duplicate(), dec.duplicate(), DataType.FLOAT16);
             ClipscopeSae clipscope = new ClipscopeSae(base, k, preB, enc, dec)) {
            stages.add(StageMemory.now("SAEs built (ours float32 and float16, clipscope's float32)"));
            Matrix cls = resid.rows(0, 1);
            int tokens = resid.rows();
            String baseline = "clipscope forward_verbose (dense latent @ dec)";

            progress.accept("timing the SAE on " + tokens + " tokens");
            Timing.Pair all = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> sae.forwardVerbose(resid), () -> clipscope.forwardVerbose(resid));
            rows.add(new BenchRow("SAE forwardVerbose, " + tokens + " tokens", all.ours(),
                    FlopCount.saeEncode(tokens, dIn, features) / 1e9, baseline, all.baseline(), ProcStatus.read().rss()));

            progress.accept("timing the SAE on the CLS token");
            Timing.Pair one = Timing.pair(plan.cls().warmups(), plan.cls().repeats(),
                    () -> sae.forwardVerbose(cls), () -> clipscope.forwardVerbose(cls));
            rows.add(new BenchRow("SAE forwardVerbose, CLS token alone", one.ours(),
                    FlopCount.saeEncode(1, dIn, features) / 1e9, baseline, one.baseline(), ProcStatus.read().rss()));

            progress.accept("timing the sparse decode against the dense one");
            SaeOutput out = sae.forwardVerbose(resid);
            Timing.Pair decode = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> sae.decode(out.indices(), out.values()),
                    () -> clipscope.denseDecode(out.indices(), out.values()));
            rows.add(new BenchRow("SAE decode, " + tokens + " tokens: gather k rows of dec", decode.ours(),
                    FlopCount.gemm(tokens, k, dIn) / 1e9,
                    "dense " + tokens + "×" + features + " latent @ dec (DJL matMul)", decode.baseline(),
                    ProcStatus.read().rss()));
            check(sae, clipscope, resid, out);

            progress.accept("timing the float16-stored SAE");
            Timing.Pair halfAll = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> half.forwardVerbose(resid), () -> sae.forwardVerbose(resid));
            halfSaeRows.add(new BenchRow("SAE forwardVerbose, " + tokens + " tokens, float16 storage", halfAll.ours(),
                    FlopCount.saeEncode(tokens, dIn, features) / 1e9, "ours, float32 storage", halfAll.baseline(),
                    ProcStatus.read().rss()));
            Timing.Pair halfCls = Timing.pair(plan.cls().warmups(), plan.cls().repeats(),
                    () -> half.forwardVerbose(cls), () -> sae.forwardVerbose(cls));
            halfSaeRows.add(new BenchRow("SAE forwardVerbose, CLS token, float16 storage", halfCls.ours(),
                    FlopCount.saeEncode(1, dIn, features) / 1e9, "ours, float32 storage", halfCls.baseline(),
                    ProcStatus.read().rss()));
        }
        stages.add(StageMemory.now("SAEs closed"));
    }

    /** Our SAE and clipscope's must keep the same latents and reconstruct alike, or the timings compare nothing. */
    private void check(TopKSae sae, ClipscopeSae clipscope, Matrix resid, SaeOutput ours) {
        SaeOutput theirs = clipscope.forwardVerbose(resid);
        int sameIds = 0;
        for (int i = 0; i < ours.indices().length; i++) {
            if (ours.indices()[i] == theirs.indices()[i]) {
                sameIds++;
            }
        }
        float forward = maxAbsDiff(ours.reconstruction().data(), theirs.reconstruction().data());
        float decode = maxAbsDiff(sae.decode(ours.indices(), ours.values()).data(),
                clipscope.denseDecode(ours.indices(), ours.values()).data());
        boolean agree = sameIds == ours.indices().length && forward <= AGREEMENT && decode <= AGREEMENT;
        checks.add(String.format(Locale.ROOT, "%s: ours and clipscope's SAE keep the same latents (%d of %d ids) and "
                        + "reconstruct within %.1e (forward max |Δ| %.2e, sparse vs dense decode max |Δ| %.2e)",
                agree ? "AGREE" : "DISAGREE", sameIds, ours.indices().length, AGREEMENT, forward, decode));
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

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
