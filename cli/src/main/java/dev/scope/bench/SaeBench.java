package dev.scope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Matrix;
import dev.scope.engine.RowMajor;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The SAE's timings, each beside clipscope's way in the same run: one SAE on one image's tokens, on a
 * batch's tokens (per image) and on the CLS token; the sparse decode against the dense one; the
 * index's unit of work, one image through the tower and the SAEs of every layer (all tokens, and the
 * CLS token only); and float16 storage against float32.
 *
 * <p>The SAEs of the eight layers are one random SAE used at every layer: eight distinct ones would
 * take 4 GB for ours and clipscope's, and a 256 MB enc is read from memory on every call either way,
 * so eight different weight sets take the same time.
 */
final class SaeBench {
    /** Agreement asked of our SAE and clipscope's on the same weights (float32 sums in another order). */
    static final float AGREEMENT = 1e-4f;
    private static final String CLIPSCOPE = "clipscope forward_verbose (dense latent @ dec)";

    private final BenchPlan plan;
    private final Consumer<String> progress;
    private final List<StageMemory> stages;
    private final List<BenchRow> rows = new ArrayList<>();
    private final List<BenchRow> halfRows = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();

    SaeBench(BenchPlan plan, Consumer<String> progress, List<StageMemory> stages) {
        this.plan = plan;
        this.progress = progress;
        this.stages = stages;
    }

    /** The rows measured: float32 first, then float16 storage against float32, then the agreement checks. */
    record Result(List<BenchRow> rows, List<BenchRow> halfRows, List<String> checks) {
    }

    /** {@code resid}: one image's tokens at the deepest layer; {@code batchResid}: the batch's, flattened. */
    Result run(NDManager base, ClipVision clip, float[] pixels, Matrix resid, Matrix batchResid, long seed) {
        int dIn = plan.dIn();
        int features = plan.saeFeatures();
        int k = plan.k();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
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
            int n = plan.batch();
            double oneImage = FlopCount.saeEncode(tokens, dIn, features) / 1e9;

            progress.accept("timing the SAE on " + tokens + " tokens");
            Timing.Pair all = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> sae.forwardVerbose(resid), () -> clipscope.forwardVerbose(resid));
            rows.add(row("SAE forwardVerbose, " + tokens + " tokens", all, oneImage, CLIPSCOPE));

            progress.accept("timing the SAE on " + n + " × " + tokens + " tokens");
            Timing.Pair batch = Timing.pair(plan.saeBatch().warmups(), plan.saeBatch().repeats(),
                    () -> sae.forwardVerbose(batchResid), () -> clipscope.forwardVerbose(batchResid));
            rows.add(row("SAE forwardVerbose, " + n + " × " + tokens + " tokens, per image", per(batch, n), oneImage,
                    CLIPSCOPE + ", " + n + " × " + tokens + " tokens, per image"));

            progress.accept("timing the SAE on the CLS token");
            Timing.Pair one = Timing.pair(plan.cls().warmups(), plan.cls().repeats(),
                    () -> sae.forwardVerbose(cls), () -> clipscope.forwardVerbose(cls));
            rows.add(row("SAE forwardVerbose, CLS token alone", one, FlopCount.saeEncode(1, dIn, features) / 1e9,
                    CLIPSCOPE));

            progress.accept("timing the sparse decode against the dense one");
            SaeOutput out = sae.forwardVerbose(resid);
            Timing.Pair decode = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> sae.decode(out.indices(), out.values()),
                    () -> clipscope.denseDecode(out.indices(), out.values()));
            rows.add(row("SAE decode, " + tokens + " tokens: gather k rows of dec", decode,
                    FlopCount.gemm(tokens, k, dIn) / 1e9,
                    "dense " + tokens + "×" + features + " latent @ dec (DJL matMul)"));
            check(sae, clipscope, resid, out, tokens + " tokens");
            check(sae, clipscope, batchResid, sae.forwardVerbose(batchResid), n + " × " + tokens + " tokens");

            timeUnitOfWork(clip, pixels, sae, clipscope);

            progress.accept("timing the float16-stored SAE");
            Timing.Pair halfAll = Timing.pair(plan.sae().warmups(), plan.sae().repeats(),
                    () -> half.forwardVerbose(resid), () -> sae.forwardVerbose(resid));
            halfRows.add(row("SAE forwardVerbose, " + tokens + " tokens, float16 storage", halfAll, oneImage,
                    "ours, float32 storage"));
            Timing.Pair halfBatch = Timing.pair(plan.saeBatch().warmups(), plan.saeBatch().repeats(),
                    () -> half.forwardVerbose(batchResid), () -> sae.forwardVerbose(batchResid));
            halfRows.add(row("SAE forwardVerbose, " + n + " × " + tokens + " tokens, per image, float16 storage",
                    per(halfBatch, n), oneImage, "ours, float32 storage"));
            Timing.Pair halfCls = Timing.pair(plan.cls().warmups(), plan.cls().repeats(),
                    () -> half.forwardVerbose(cls), () -> sae.forwardVerbose(cls));
            halfRows.add(row("SAE forwardVerbose, CLS token, float16 storage", halfCls,
                    FlopCount.saeEncode(1, dIn, features) / 1e9, "ours, float32 storage"));
        }
        stages.add(StageMemory.now("SAEs closed"));
        return new Result(List.copyOf(rows), List.copyOf(halfRows), List.copyOf(checks));
    }

    /**
     * One image through the tower to the deepest layer and the SAE of every layer, as an index does it:
     * ours stops at that layer; clipscope's way runs the full CLIP pass (all blocks and the post-layernorm)
     * for its hidden states, then its forward_verbose at each layer.
     */
    private void timeUnitOfWork(ClipVision clip, float[] pixels, TopKSae sae, ClipscopeSae clipscope) {
        List<Integer> layers = plan.saeLayers();
        Capture ours = Capture.blocks(layers);
        Capture theirs = Capture.blocks(layers).withPooled();
        int tokens = plan.tokens();
        String unit = "one image: tower to block " + plan.layer() + " + " + layers.size() + " SAEs";
        String full = "clipscope: all " + plan.vision().numHiddenLayers() + " blocks + post-LN, " + layers.size()
                + " × forward_verbose";
        double tower = FlopCount.tower(plan.vision(), plan.blocksToLayer()) / 1e9;

        progress.accept("timing " + unit + " on all tokens");
        Timing.Pair all = Timing.pair(plan.unit().warmups(), plan.unit().repeats(), () -> {
            ResidualStream r = clip.forward(pixels, 1, ours);
            layers.forEach(layer -> sae.forwardVerbose(r.resid(layer, 0)));
        }, () -> {
            ResidualStream r = clip.forward(pixels, 1, theirs);
            layers.forEach(layer -> clipscope.forwardVerbose(r.resid(layer, 0)));
        });
        rows.add(row(unit + ", " + tokens + " tokens each", all,
                tower + layers.size() * FlopCount.saeEncode(tokens, plan.dIn(), plan.saeFeatures()) / 1e9, full));

        progress.accept("timing " + unit + " on the CLS token");
        Timing.Pair cls = Timing.pair(plan.unit().warmups(), plan.unit().repeats(), () -> {
            ResidualStream r = clip.forward(pixels, 1, ours);
            layers.forEach(layer -> sae.forwardVerbose(r.resid(layer, 0).rows(0, 1)));
        }, () -> {
            ResidualStream r = clip.forward(pixels, 1, theirs);
            layers.forEach(layer -> clipscope.forwardVerbose(r.resid(layer, 0).rows(0, 1)));
        });
        rows.add(row(unit + ", CLS token each", cls,
                tower + layers.size() * FlopCount.saeEncode(1, plan.dIn(), plan.saeFeatures()) / 1e9, full + " on the CLS token"));
    }

    /** Our SAE and clipscope's must keep the same latents and reconstruct alike, or the timings compare nothing. */
    private void check(TopKSae sae, ClipscopeSae clipscope, Matrix resid, SaeOutput ours, String what) {
        SaeOutput theirs = clipscope.forwardVerbose(resid);
        int sameIds = 0;
        int tied = 0;
        for (int i = 0; i < ours.indices().length; i++) {
            if (ours.indices()[i] == theirs.indices()[i]) {
                sameIds++;
            } else if (Math.abs(ours.values()[i] - theirs.values()[i]) <= AGREEMENT) {
                tied++; // two latents within float32 rounding of each other, ranked the other way round
            }
        }
        float forward = maxAbsDiff(ours.reconstruction().data(), theirs.reconstruction().data());
        float decode = maxAbsDiff(sae.decode(ours.indices(), ours.values()).data(),
                clipscope.denseDecode(ours.indices(), ours.values()).data());
        boolean agree = sameIds + tied == ours.indices().length && forward <= AGREEMENT && decode <= AGREEMENT;
        checks.add(String.format(Locale.ROOT, "%s on %s: ours and clipscope's SAE keep the same latents (%d of %d ids"
                        + " in the same place, %d more in place of a latent of equal value within %.1e) and"
                        + " reconstruct within %.1e (forward max |Δ| %.2e, sparse vs dense decode max |Δ| %.2e)",
                agree ? "AGREE" : "DISAGREE", what, sameIds, ours.indices().length, tied, AGREEMENT, AGREEMENT,
                forward, decode));
    }

    private static BenchRow row(String name, Timing.Pair pair, double gflop, String baseline) {
        return new BenchRow(name, pair.ours(), gflop, baseline, pair.baseline(), ProcStatus.read().rss());
    }

    private static Timing.Pair per(Timing.Pair pair, int items) {
        return new Timing.Pair(pair.ours().per(items), pair.baseline().per(items));
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
