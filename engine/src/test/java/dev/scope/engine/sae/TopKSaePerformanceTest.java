package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Timings at the CLIP ViT-L scope's size (d_in 1024, 65,536 latents, k 32) with random weights, and
 * the resident set over many calls; where the time goes inside a call, against clipscope's way, is
 * {@code ./scope bench}'s job.
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
            Matrix batch = randomRows(manager, 8 * TOKENS);
            try (TopKSae sae = randomSae(manager, DataType.FLOAT32)) {
                report("forwardVerbose 257 rows", () -> sae.forwardVerbose(tokens));
                report("forwardVerbose 8 × 257 rows", () -> sae.forwardVerbose(batch));
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
            }
            try (TopKSae sae = randomSae(manager, DataType.FLOAT16)) {
                report("float16 storage: forwardVerbose 257 rows", () -> sae.forwardVerbose(tokens));
                report("float16 storage: forwardVerbose 8 × 257 rows", () -> sae.forwardVerbose(batch));
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
