package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Timings at the CLIP ViT-L scope's size (d_in 1024, 65,536 latents, k 32) with random weights.
 * A measurement, not a check: run with
 * {@code mvn -o -pl engine test -Dtest=TopKSaePerformanceTest -Dscope.perf=true [-Dscope.perf.runs=30]}.
 * On a shared machine the minimum is the number to read: each line also says how many samples
 * started with no other runnable process, and the minimum over those alone.
 */
@EnabledIfSystemProperty(named = "scope.perf", matches = "true")
class TopKSaePerformanceTest {
    private static final int D_IN = 1024;
    private static final int FEATURES = 65_536;
    private static final int K = 32;
    private static final int TOKENS = 257;
    private static final int WARMUP = 3;
    private static final int RUNS = Integer.getInteger("scope.perf.runs", 10);

    @Test
    void fullSizeTimings() throws IOException {
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", runs " + RUNS);
        try (NDManager manager = NDManager.newBaseManager()) {
            Matrix tokens = randomRows(manager, TOKENS);
            Matrix cls = tokens.rows(0, 1);
            try (TopKSae sae = randomSae(manager, DataType.FLOAT32); NDManager scope = manager.newSubManager()) {
                report("forwardVerbose 257 rows", () -> sae.forwardVerbose(tokens));
                report("forwardVerbose 1 row (CLS)", () -> sae.forwardVerbose(cls));
                report("preActivations 257 rows x 4 latents", () -> sae.preActivations(tokens, 1, 2, 3, 4));
                NDArray x = scope.create(tokens.data(), new Shape(TOKENS, D_IN));
                NDArray enc = weight(sae, new Shape(D_IN, FEATURES));
                NDArray dec = weight(sae, new Shape(FEATURES, D_IN));
                report("part: encoder GEMM 257x1024x65536", () -> timed(scope, () -> x.matMul(enc)));
                NDArray pre = x.matMul(enc);
                NDList top = pre.topK(K, 1, true, true);
                report("part: topK(32) of 257x65536", () -> timed(scope, () -> pre.topK(K, 1, true, true).get(0)));
                report("part: sparse decode, gather + bmm", () -> timed(scope, () -> {
                    NDArray rows = dec.get(scope, new NDIndex("{}", top.get(1).flatten()));
                    return top.get(0).expandDims(1).batchMatMul(rows.reshape(TOKENS, K, D_IN));
                }));
                report("alt: sparse decode, gather * values, sum", () -> timed(scope, () -> {
                    NDArray rows = dec.get(scope, new NDIndex("{}", top.get(1).flatten()));
                    return rows.reshape(TOKENS, K, D_IN).mul(top.get(0).expandDims(2)).sum(new int[] {1});
                }));
                report("baseline: dense decode, scatter + latent @ dec", () -> timed(scope, () ->
                        scope.zeros(new Shape(TOKENS, FEATURES)).scatter(top.get(1), top.get(0), 1).matMul(dec)));
                long before = rssKb();
                for (int i = 0; i < 30; i++) {
                    sae.forwardVerbose(tokens);
                }
                System.out.printf("float32: RSS after 30 more calls %+d MB%n", (rssKb() - before) / 1024);
            }
            try (TopKSae sae = randomSae(manager, DataType.FLOAT16)) {
                report("float16 storage: forwardVerbose 257 rows", () -> sae.forwardVerbose(tokens));
                report("float16 storage: forwardVerbose 1 row", () -> sae.forwardVerbose(cls));
            }
        }
    }

    private static NDArray weight(TopKSae sae, Shape shape) {
        return sae.manager().getManagedArrays().stream().filter(a -> a.getShape().equals(shape)).findFirst()
                .orElseThrow();
    }

    private static Object timed(NDManager parent, Supplier<NDArray> op) {
        try (NDManager m = parent.newSubManager()) {
            NDArray r = op.get();
            r.attach(m);
            return r.getShape();
        }
    }

    private static void report(String what, Supplier<Object> op) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            op.get();
        }
        double[] ms = new double[RUNS];
        double quietMin = Double.NaN;
        int quiet = 0;
        for (int i = 0; i < RUNS; i++) {
            boolean alone = othersRunnable() == 0;
            long t0 = System.nanoTime();
            op.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (alone) {
                quiet++;
                quietMin = Double.isNaN(quietMin) ? ms[i] : Math.min(quietMin, ms[i]);
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-48s min %8.2f  median %8.2f ms   quiet starts %2d, their min %8.2f ms%n",
                what, ms[0], ms[RUNS / 2], quiet, quietMin);
    }

    /** Runnable processes besides the one reading /proc/stat. */
    private static int othersRunnable() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("procs_running")) {
                return Integer.parseInt(line.split("\\s+")[1]) - 1;
            }
        }
        return -1;
    }

    private static TopKSae randomSae(NDManager manager, DataType storage) {
        NDArray preB = manager.randomNormal(0, 0.1f, new Shape(D_IN), DataType.FLOAT32);
        NDArray enc = manager.randomNormal(0, 0.03f, new Shape(D_IN, FEATURES), DataType.FLOAT32);
        NDArray dec = manager.randomNormal(0, 0.03f, new Shape(FEATURES, D_IN), DataType.FLOAT32);
        return TopKSae.of(manager, K, preB, enc, dec, storage);
    }

    private static Matrix randomRows(NDManager manager, int rows) {
        try (NDArray x = manager.randomNormal(new Shape(rows, D_IN))) {
            return new Matrix(rows, D_IN, x.toFloatArray());
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
