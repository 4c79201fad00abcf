package dev.scope.engine.sae;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.PickleBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Timings at the CLIP ViT-L scope's size (d_in 1024, 65,536 latents, k 32) with random weights.
 * A measurement, not a check: run with
 * {@code mvn -o -pl engine test -Dtest=TopKSaePerformanceTest -Dscope.perf=true [-Dscope.perf.runs=30]}.
 * On a shared machine read the minimum wall time, and compare it with the process CPU time per call
 * (all threads together; idle OpenMP threads spin for a while, which counts as CPU time too).
 */
@EnabledIfSystemProperty(named = "scope.perf", matches = "true")
class TopKSaePerformanceTest {
    private static final int D_IN = 1024;
    private static final int FEATURES = 65_536;
    private static final int K = 32;
    private static final int TOKENS = 257;
    private static final int WARMUP = 3;
    private static final int RUNS = Integer.getInteger("scope.perf.runs", 10);
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

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
                // Java garbage counts in RSS too, so collect before each reading
                for (int round = 1; round <= 5; round++) {
                    for (int i = 0; i < 40; i++) {
                        sae.forwardVerbose(tokens);
                    }
                    System.gc();
                    System.out.printf("float32: RSS after %d more calls: %d MB%n", 40 * round, rssKb() / 1024);
                }
                NDArray x = scope.create(tokens.data(), new Shape(TOKENS, D_IN));
                NDArray enc = weight(sae, new Shape(D_IN, FEATURES));
                NDArray dec = weight(sae, new Shape(FEATURES, D_IN));
                report("part: one encoder GEMM, 257x65536 result", () -> timed(scope, () -> x.matMul(enc)));
                int block = (int) (TopKSae.TEMP_ELEMENTS / TOKENS);
                report("part: encoder GEMM + topK per block, merged", () -> timed(scope, () -> {
                    NDList values = new NDList();
                    for (int from = 0; from < FEATURES; from += block) {
                        try (NDManager blockScope = scope.newSubManager()) {
                            NDArray columns = enc.get(blockScope, new NDIndex(":, " + from + ":" + Math.min(FEATURES, from + block)));
                            NDArray pre = x.matMul(columns);
                            pre.attach(blockScope);
                            NDArray top = pre.topK(K, 1, true, true).get(0);
                            top.attach(scope);
                            values.add(top);
                        }
                    }
                    return ai.djl.ndarray.NDArrays.concat(values, 1).topK(K, 1, true, true).get(0);
                }));
                NDList top;
                try (NDManager once = scope.newSubManager()) {
                    NDArray pre = x.matMul(enc);
                    pre.attach(once);
                    report("part: topK(32) of one 257x65536 matrix", () -> timed(scope, () -> pre.topK(K, 1, true, true).get(0)));
                    top = pre.topK(K, 1, true, true);
                    top.attach(scope);
                }
                int chunk = (int) (TopKSae.TEMP_ELEMENTS / (K * D_IN));
                report("part: sparse decode in 128-row chunks", () -> timed(scope, () -> {
                    NDList parts = new NDList();
                    for (int start = 0; start < TOKENS; start += chunk) {
                        NDIndex rowsOf = new NDIndex(start + ":" + Math.min(TOKENS, start + chunk));
                        try (NDManager chunkScope = scope.newSubManager()) {
                            NDArray ids = top.get(1).get(chunkScope, rowsOf);
                            NDArray rows = dec.get(chunkScope, new NDIndex("{}", ids.flatten()));
                            NDArray sum = top.get(0).get(chunkScope, rowsOf).expandDims(1)
                                    .batchMatMul(rows.reshape(ids.getShape().get(0), K, D_IN));
                            sum.attach(scope);
                            parts.add(sum);
                        }
                    }
                    return ai.djl.ndarray.NDArrays.concat(parts, 0);
                }));
                report("part: sparse decode in one gather of 257x32 rows", () -> timed(scope, () -> {
                    NDArray rows = dec.get(scope, new NDIndex("{}", top.get(1).flatten()));
                    return top.get(0).expandDims(1).batchMatMul(rows.reshape(TOKENS, K, D_IN));
                }));
                report("baseline: dense decode, scatter + latent @ dec", () -> timed(scope, () ->
                        scope.zeros(new Shape(TOKENS, FEATURES)).scatter(top.get(1), top.get(0), 1).matMul(dec)));
            }
            try (TopKSae sae = randomSae(manager, DataType.FLOAT16)) {
                report("float16 storage: forwardVerbose 257 rows", () -> sae.forwardVerbose(tokens));
                report("float16 storage: forwardVerbose 1 row", () -> sae.forwardVerbose(cls));
            }
        }
    }

    /** Writes a checkpoint of the scope's size and layout (537 MB), then times reading and loading it. */
    @Test
    void fullSizeCheckpointLoad(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("11_resid").resolve("1200013184.pt");
        Files.createDirectories(file.getParent());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        PickleBytes pickle = new PickleBytes().proto(2).emptyDict().mark().str("model_state_dict")
                .global("collections", "OrderedDict").emptyTuple().reduce().mark()
                .str("pre_b").floatTensor("0", D_IN, 0, new long[] {D_IN}, new long[] {1})
                .str("enc").floatTensor("1", (long) D_IN * FEATURES, 0, new long[] {D_IN, FEATURES}, new long[] {FEATURES, 1})
                .str("dec").floatTensor("2", (long) D_IN * FEATURES, 0, new long[] {FEATURES, D_IN}, new long[] {D_IN, 1})
                .setItems()
                .str("k").integer(K).str("n_features").integer(FEATURES).str("d_in").integer(D_IN)
                .str("token_count").integer(1_200_013_184).setItems().stop();
        entries.put("1200013184/data.pkl", pickle.bytes());
        entries.put("1200013184/byteorder", "little".getBytes());
        entries.put("1200013184/data/0", pseudoRandomFloats(D_IN, 1));
        entries.put("1200013184/data/1", pseudoRandomFloats(D_IN * FEATURES, 2));
        entries.put("1200013184/data/2", pseudoRandomFloats(D_IN * FEATURES, 3));
        PickleBytes.zip(file, entries, false);
        entries.clear();
        System.out.printf("checkpoint %d MB%n", Files.size(file) >> 20);

        long t0 = System.nanoTime();
        SaeCheckpoint ckpt = SaeCheckpoint.read(dir.resolve("11_resid").resolve("1200013184.pt"));
        long t1 = System.nanoTime();
        System.out.printf("SaeCheckpoint.read (maps, copies nothing): %.1f ms%n", (t1 - t0) / 1e6);
        try (NDManager manager = NDManager.newBaseManager()) {
            Matrix tokens = randomRows(manager, TOKENS);
            for (DataType storage : new DataType[] {DataType.FLOAT32, DataType.FLOAT16}) {
                long t2 = System.nanoTime();
                try (TopKSae sae = TopKSae.load(ckpt, manager, storage)) {
                    long t3 = System.nanoTime();
                    sae.forwardVerbose(tokens);
                    long t4 = System.nanoTime();
                    System.out.printf("TopKSae.load as %s: %.0f ms, first forwardVerbose(257 rows): %.0f ms%n",
                            storage, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
                }
            }
        }
    }

    private static byte[] pseudoRandomFloats(int n, long seed) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (random.nextDouble() - 0.5) * 0.06f);
        }
        return b.array();
    }

    private static NDArray weight(TopKSae sae, Shape shape) {
        return sae.manager().getManagedArrays().stream().filter(a -> a.getShape().equals(shape)).findFirst()
                .orElseThrow();
    }

    /** Runs an op on arrays of {@code scope}, then closes whatever it left attached there. */
    private static Object timed(NDManager scope, Supplier<NDArray> op) {
        Set<NDArray> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(((BaseNDManager) scope).getManagedArrays());
        Shape shape = op.get().getShape();
        for (NDArray a : ((BaseNDManager) scope).getManagedArrays()) {
            if (!before.contains(a)) {
                a.close();
            }
        }
        return shape;
    }

    private static void report(String what, Supplier<Object> op) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            op.get();
        }
        double[] wall = new double[RUNS];
        double[] cpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long c0 = CPU.getProcessCpuTime();
            long t0 = System.nanoTime();
            op.get();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (CPU.getProcessCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%-48s wall min %8.2f median %8.2f ms | cpu median %8.2f ms | load %s%n",
                what, wall[0], wall[RUNS / 2], cpu[RUNS / 2], Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
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
