package dev.scope.magics;

import dev.scope.engine.Fixtures;
import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 1,000 forward passes in one agent session on the fixture scope, 50 of them through {@code %scope forward} (crop
 * and table rendered and sent to the kernel) and the rest through {@code scope.forward(image)} in a cell's loop.
 * Every 100 calls the agent reports its resident set (native memory: libtorch's arrays and allocator, the JVM) and
 * its heap after a full collection. Both must be flat: the median reading of calls 600-1,000 may exceed the median
 * of calls 100-500 (after the warm-up) by less than a leak of 50 KB per call would add in those 500 calls. Medians,
 * not maxima: the resident set jumps by up to ~10 MB for a reading or two as malloc and the collector go.
 */
class ForwardMemoryTest {
    static final int ROUNDS = 10;
    static final int MAGIC_CALLS_PER_ROUND = 5;
    static final int LOOP_CALLS_PER_ROUND = 95;
    /** 12 MiB: a leak of 50 KB per call adds 25 MB over the second half's 500 calls. */
    static final long SLACK = 12L << 20;
    static final List<String> IMAGES = List.of("astronaut", "chelsea", "coffee", "black");

    /** What the agent reports: resident set, its anonymous part, and heap used after a full collection. */
    record Sample(int calls, long rss, long rssAnon, long heap) {
        @Override
        public String toString() {
            return String.format("%5d calls: RSS %6.1f MiB (anonymous %6.1f), heap after GC %5.1f MiB", calls,
                    rss / 1048576.0, rssAnon / 1048576.0, heap / 1048576.0);
        }
    }

    @Test
    void aThousandForwardsLeaveNativeAndHeapMemoryFlat() {
        SessionOptions base = SessionOptions.fromEnvironment();
        try (KernelTestKit kit = KernelTestKit.start(new SessionOptions(base.classpath(),
                ScopeMagicThroughAgentTest.agentOptions(), base.outputLimitBytes(), Duration.ofSeconds(120),
                base.interruptGrace()))) {
            kit.execOk("var scope = %scope load --clip " + Fixtures.clip() + " --saes " + Fixtures.saes() + " --layers 2,5");
            kit.execOk("java.awt.image.BufferedImage[] images = {" + IMAGES.stream()
                    .map(n -> "javax.imageio.ImageIO.read(new java.io.File(\"" + Fixtures.image(n) + "\"))")
                    .collect(Collectors.joining(", ")) + "};");
            kit.execOk("""
                    String memory() throws Exception {
                        for (int i = 0; i < 3; i++) System.gc();
                        long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        long rss = -1, anon = -1;
                        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\\\D", "")) * 1024;
                            if (line.startsWith("RssAnon:")) anon = Long.parseLong(line.replaceAll("\\\\D", "")) * 1024;
                        }
                        return rss + " " + anon + " " + heap;
                    }""");
            List<Sample> samples = new ArrayList<>();
            samples.add(sample(kit, 0));
            int calls = 0;
            long t0 = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < MAGIC_CALLS_PER_ROUND; i++) {
                    String out = kit.execOk("%scope forward " + Fixtures.image(IMAGES.get(calls++ % IMAGES.size()))).stdout();
                    assertTrue(out.contains("latent shape (1, 512)"), out);
                }
                assertEquals(String.valueOf(LOOP_CALLS_PER_ROUND * 257), kit.execText("""
                        int rows = 0;
                        for (int i = 0; i < %d; i++) rows += scope.forward(images[i %% images.length]).layer(5).resid().rows();
                        rows""".formatted(LOOP_CALLS_PER_ROUND)));
                calls += LOOP_CALLS_PER_ROUND;
                samples.add(sample(kit, calls));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("ForwardMemoryTest: " + calls + " forward calls in one agent session (fixture scope, layers"
                    + " 2 and 5; " + ROUNDS * MAGIC_CALLS_PER_ROUND + " through %scope forward) in "
                    + String.format("%.0f s", seconds) + ":\n  " + samples.stream().map(Sample::toString)
                    .collect(Collectors.joining("\n  ")));

            List<Sample> first = samples.subList(1, 1 + ROUNDS / 2);
            List<Sample> second = samples.subList(1 + ROUNDS / 2, samples.size());
            assertFlat("resident set", median(first, Sample::rss), median(second, Sample::rss), samples);
            assertFlat("heap after GC", median(first, Sample::heap), median(second, Sample::heap), samples);
        }
    }

    private static Sample sample(KernelTestKit kit, int calls) {
        String text = kit.execText("memory()").replace("\"", "");
        long[] v = Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
        assertTrue(v[0] > 0 && v[1] > 0 && v[2] > 0, "the agent read its memory: " + text);
        return new Sample(calls, v[0], v[1], v[2]);
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> value) {
        long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static void assertFlat(String what, long firstHalf, long secondHalf, List<Sample> samples) {
        System.out.printf("ForwardMemoryTest: %s, median of calls 100-500 %.1f MiB, of calls 600-1000 %.1f MiB%n", what,
                firstHalf / 1048576.0, secondHalf / 1048576.0);
        assertTrue(secondHalf <= firstHalf + SLACK, () -> what + " grew: median " + secondHalf / 1048576
                + " MiB in calls 600-1000 against " + firstHalf / 1048576 + " MiB in calls 100-500, more than the "
                + SLACK / 1048576 + " MiB allowed:\n" + samples.stream().map(Sample::toString).collect(Collectors.joining("\n")));
    }
}
