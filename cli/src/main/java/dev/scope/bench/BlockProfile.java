package dev.scope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.scope.engine.resid.TowerOps;
import dev.scope.engine.resid.VisionConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a block's time goes: the ops of one encoder block, issued through the same DJL calls and in
 * the same order as {@code ClipVision}'s block (fused qkv linear, heads split by reshape/transpose,
 * QKᵀ, softmax, AV, out linear, layer norms, fc1, GELU, fc2, residual adds), each timed on its own.
 */
public final class BlockProfile {
    private BlockProfile() {
    }

    /** One op type's median time per block and its FLOPs (NaN where not counted). */
    public record Op(String name, double medianMs, double gflop) {
        public double gflops() {
            return gflop / (medianMs / 1000);
        }
    }

    static List<Op> run(NDManager parent, VisionConfig c, int batch, int warmups, int repeats) {
        long t = c.tokens();
        long d = c.hiddenSize();
        long m = c.intermediateSize();
        int heads = c.numAttentionHeads();
        long hd = c.headDim();
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, Double> flops = new LinkedHashMap<>();
        flops.put("layer norms (2)", Double.NaN);
        flops.put("qkv linear", FlopCount.gemm(batch * t, d, 3 * d));
        flops.put("heads split/merge (reshape, transpose)", Double.NaN);
        flops.put("attention QKᵀ", FlopCount.gemm((long) batch * heads * t, hd, t));
        flops.put("softmax", Double.NaN);
        flops.put("attention AV", FlopCount.gemm((long) batch * heads * t, t, hd));
        flops.put("out linear", FlopCount.gemm(batch * t, d, d));
        flops.put("fc1 linear", FlopCount.gemm(batch * t, d, m));
        flops.put("GELU", Double.NaN);
        flops.put("fc2 linear", FlopCount.gemm(batch * t, m, d));
        flops.put("residual adds (2)", Double.NaN);
        flops.keySet().forEach(name -> times.put(name, new double[repeats]));
        try (NDManager weights = parent.newSubManager()) {
            float std = (float) (1 / Math.sqrt(d));
            NDArray x0 = weights.randomNormal(new Shape(batch, t, d));
            NDArray qkvW = weights.randomNormal(0f, std, new Shape(3 * d, d), DataType.FLOAT32);
            NDArray qkvB = weights.zeros(new Shape(3 * d));
            NDArray outW = weights.randomNormal(0f, std, new Shape(d, d), DataType.FLOAT32);
            NDArray outB = weights.zeros(new Shape(d));
            NDArray fc1W = weights.randomNormal(0f, std, new Shape(m, d), DataType.FLOAT32);
            NDArray fc1B = weights.zeros(new Shape(m));
            NDArray fc2W = weights.randomNormal(0f, (float) (1 / Math.sqrt(m)), new Shape(d, m), DataType.FLOAT32);
            NDArray fc2B = weights.zeros(new Shape(d));
            NDArray lnW = weights.ones(new Shape(d));
            NDArray lnB = weights.zeros(new Shape(d));
            Shape width = new Shape(d);
            float eps = (float) c.layerNormEps();
            for (int rep = -warmups; rep < repeats; rep++) {
                try (NDManager scope = weights.newSubManager()) {
                    Clock clock = new Clock(times, rep);
                    NDArray x = x0.duplicate();
                    x.attach(scope);
                    NDArray ln1 = clock.time("layer norms (2)",
                            () -> LayerNorm.layerNorm(x, width, lnW, lnB, eps).singletonOrThrow());
                    NDArray qkv = clock.time("qkv linear", () -> TowerOps.linear(ln1, qkvW, qkvB));
                    NDArray split = clock.time("heads split/merge (reshape, transpose)",
                            () -> qkv.reshape(batch, t, 3, heads, hd).transpose(2, 0, 3, 1, 4));
                    NDArray q = split.get(0);
                    NDArray k = split.get(1);
                    NDArray v = split.get(2);
                    NDArray scores = clock.time("attention QKᵀ", () -> q.matMul(k.transpose(0, 1, 3, 2)));
                    NDArray weightsAttn = clock.time("softmax", () -> scores.softmax(-1));
                    NDArray mixed = clock.time("attention AV", () -> weightsAttn.matMul(v));
                    NDArray merged = clock.time("heads split/merge (reshape, transpose)",
                            () -> mixed.transpose(0, 2, 1, 3).reshape(batch, t, d));
                    NDArray attn = clock.time("out linear", () -> TowerOps.linear(merged, outW, outB));
                    NDArray h = clock.time("residual adds (2)", () -> x.add(attn));
                    NDArray ln2 = clock.time("layer norms (2)",
                            () -> LayerNorm.layerNorm(h, width, lnW, lnB, eps).singletonOrThrow());
                    NDArray up = clock.time("fc1 linear", () -> TowerOps.linear(ln2, fc1W, fc1B));
                    NDArray act = clock.time("GELU", () -> Activation.gelu(up));
                    NDArray down = clock.time("fc2 linear", () -> TowerOps.linear(act, fc2W, fc2B));
                    clock.time("residual adds (2)", () -> h.add(down));
                }
            }
        }
        List<Op> ops = new ArrayList<>();
        times.forEach((name, ms) -> {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            ops.add(new Op(name, sorted[sorted.length / 2], flops.get(name) / 1e9));
        });
        return ops;
    }

    /** Adds each op's wall time to its type's total for this repeat; warm-up repeats (negative) are not kept. */
    private record Clock(Map<String, double[]> times, int rep) {
        NDArray time(String name, Supplier<NDArray> op) {
            long start = System.nanoTime();
            NDArray out = op.get();
            double ms = (System.nanoTime() - start) / 1e6;
            if (rep >= 0) {
                times.get(name)[rep] += ms;
            }
            return out;
        }
    }
}
