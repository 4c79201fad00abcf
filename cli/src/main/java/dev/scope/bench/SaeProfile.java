package dev.scope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.scope.engine.MatrixProduct;
import dev.scope.engine.RowMajor;
import dev.scope.engine.sae.RowTopK;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the SAE's time goes on one image's tokens: its steps issued through the same calls and in the
 * same order as TopKSae's float32 forward pass on the CPU (the encoder product a block of latents at a
 * time, each row's top k kept as the blocks pass, the sparse decode, the copy to Java), each timed on
 * its own; and, for comparison, the encoder product once more on MKL (Linear), the engine's other matrix
 * library, and the top k by libtorch (each block's, then the candidates'), checked to keep the same values.
 */
final class SaeProfile {
    private SaeProfile() {
    }

    static List<BlockProfile.Op> run(NDManager parent, int tokens, int dIn, int features, int k, int blockWidth,
                                     int warmups, int repeats) {
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, Double> flops = new LinkedHashMap<>();
        double gemm = FlopCount.saeEncode(tokens, dIn, features);
        flops.put("centre: x − pre_b", Double.NaN);
        flops.put("encoder product, oneDNN (1×1 convolution)", gemm);
        flops.put("top k, kept as the blocks pass (RowTopK)", Double.NaN);
        flops.put("kept ids and values to libtorch", Double.NaN);
        flops.put("decode: gather k rows of dec, weighted sum", FlopCount.gemm(tokens, k, dIn));
        flops.put("copy ids, values, reconstruction to Java", Double.NaN);
        flops.put("(for comparison) encoder product, MKL (Linear)", gemm);
        flops.put("(for comparison) top k by libtorch: topk + merge", Double.NaN);
        flops.keySet().forEach(name -> times.put(name, new double[repeats]));
        try (NDManager weights = parent.newSubManager()) {
            NDArray encT = weights.randomNormal(0f, (float) (1 / Math.sqrt(dIn)), new Shape(features, dIn), DataType.FLOAT32);
            NDArray dec = RowMajor.copyOf(encT);
            NDArray preB = weights.randomNormal(0f, 0.1f, new Shape(dIn), DataType.FLOAT32);
            NDArray x0 = weights.randomNormal(new Shape(tokens, dIn));
            for (int rep = -warmups; rep < repeats; rep++) {
                try (NDManager scope = weights.newSubManager()) {
                    Clock clock = new Clock(times, rep);
                    NDArray x = clock.time("centre: x − pre_b", () -> x0.sub(preB));
                    x.attach(scope);
                    RowTopK kept = new RowTopK(tokens, k);
                    NDList values = new NDList();
                    NDList ids = new NDList();
                    for (int from = 0; from < features; from += blockWidth) {
                        int to = Math.min(features, from + blockWidth);
                        int offset = from;
                        try (NDManager scratch = scope.newSubManager()) {
                            NDArray band = encT.get(scratch, new NDIndex(from + ":" + to));
                            NDArray pre = clock.time("encoder product, oneDNN (1×1 convolution)",
                                    () -> MatrixProduct.times(x, band));
                            pre.attach(scratch);
                            clock.time("top k, kept as the blocks pass (RowTopK)", () -> {
                                kept.offer(pre, offset);
                                return pre;
                            });
                            NDList top = clock.timeList("(for comparison) top k by libtorch: topk + merge",
                                    () -> pre.topK(k, 1, true, false));
                            top.attach(scope);
                            values.add(top.get(0));
                            ids.add(offset == 0 ? top.get(1) : top.get(1).add(offset));
                            clock.time("(for comparison) encoder product, MKL (Linear)",
                                    () -> MatrixProduct.mkl(x, band)).close();
                        }
                    }
                    NDList merged = clock.timeList("(for comparison) top k by libtorch: topk + merge", () -> {
                        NDList b = NDArrays.concat(values, 1).topK(k, 1, true, true);
                        return new NDList(b.get(0), NDArrays.concat(ids, 1).gather(b.get(1), 1));
                    });
                    NDList best = clock.timeList("kept ids and values to libtorch", () -> kept.result().toNDList(scope));
                    if (!Arrays.equals(merged.get(0).toFloatArray(), best.get(0).toFloatArray())) {
                        throw new IllegalStateException("RowTopK and libtorch's topk kept different values");
                    }
                    NDArray recon = clock.time("decode: gather k rows of dec, weighted sum", () -> {
                        NDArray rows = best.get(0).getNDArrayInternal()
                                .embedding(best.get(1), dec, SparseFormat.DENSE).singletonOrThrow();
                        return best.get(0).expandDims(1).batchMatMul(rows).reshape(tokens, dIn).add(preB);
                    });
                    clock.time("copy ids, values, reconstruction to Java", () -> {
                        best.get(0).toFloatArray();
                        best.get(1).toType(DataType.INT32, false).toIntArray();
                        recon.toFloatArray();
                        return recon;
                    });
                }
            }
        }
        List<BlockProfile.Op> ops = new ArrayList<>();
        times.forEach((name, ms) -> {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            ops.add(new BlockProfile.Op(name, sorted[sorted.length / 2], flops.get(name) / 1e9));
        });
        return ops;
    }

    /** Adds each step's wall time to its total for this repeat; warm-up repeats (negative) are not kept. */
    private record Clock(Map<String, double[]> times, int rep) {
        NDArray time(String name, Supplier<NDArray> op) {
            long start = System.nanoTime();
            NDArray out = op.get();
            add(name, start);
            return out;
        }

        NDList timeList(String name, Supplier<NDList> op) {
            long start = System.nanoTime();
            NDList out = op.get();
            add(name, start);
            return out;
        }

        private void add(String name, long start) {
            if (rep >= 0) {
                times.get(name)[rep] += (System.nanoTime() - start) / 1e6;
            }
        }
    }
}
