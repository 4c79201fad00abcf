package dev.scope.cli;

import dev.scope.engine.Fixtures;
import dev.scope.engine.hostile.HostileInputs;
import dev.scope.engine.limits.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every hostile input through {@code ./scope forward}, each in a JVM of its own with a 512 MB heap and a
 * time limit, as a user would run it: it must end with a non-zero exit and one line on stderr naming the
 * input, write no output file (nor a temporary one) and run nothing the file asks for. The JVMs run two at
 * a time; each test waits for its own.
 */
class HostileCliTest {
    /** Far above what a case needs (a few seconds); only there so that a regression cannot hang the build. */
    private static final long TIME_LIMIT_SECONDS = 180;
    private static final int AT_ONCE = 2;
    private static final Map<String, Long> MILLIS = new ConcurrentHashMap<>();
    private static ExecutorService runner;

    /** A CLI run of one hostile input: the arguments after {@code forward}, and what the line must hold. */
    record CliCase(String name, List<String> forward, Map<String, String> env, String named, String mustSay,
                   Path marker) {
    }

    /** How one run ended. */
    record Ended(boolean inTime, int exit, String stdout, String stderr, List<String> left) {
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputEndsWithOneLineAndNoOutput(@TempDir Path dir) throws Exception {
        List<CliCase> cases = new ArrayList<>();
        for (HostileInputs.Case c : HostileInputs.all(dir.resolve("inputs"))) {
            Map<String, String> env = new HashMap<>();
            c.limits().forEach((limit, value) -> env.put(limit.environmentVariable(), String.valueOf(value)));
            cases.add(new CliCase(c.name(), c.forward(), env, c.named().toString(), c.mustSay(), c.marker()));
        }
        cases.addAll(argumentCases(dir.resolve("arguments")));
        assertTrue(cases.size() >= 60, "the suite has " + cases.size() + " cases");
        System.out.println("HostileCliTest: " + cases.size() + " hostile inputs, each in its own JVM with -Xmx512m");
        runner = Executors.newFixedThreadPool(AT_ONCE);
        Map<String, Future<Ended>> runs = new HashMap<>();
        for (CliCase c : cases) {
            runs.put(c.name(), runner.submit(() -> run(c, dir.resolve("runs"))));
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> refused(c, runs.get(c.name()).get())));
    }

    @AfterAll
    static void report() {
        if (runner != null) {
            runner.shutdownNow();
        }
        List<Long> sorted = MILLIS.values().stream().sorted().toList();
        MILLIS.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(slowest -> System.out.println(
                "HostileCliTest: " + sorted.size() + " runs, median " + sorted.get(sorted.size() / 2) / 1000.0
                        + " s, slowest " + slowest.getKey() + " " + slowest.getValue() / 1000.0 + " s"));
    }

    /** Arguments and settings that only the command line sees. */
    private static List<CliCase> argumentCases(Path dir) throws IOException {
        Files.createDirectories(dir);
        String clip = Fixtures.clip().toString();
        String saes = Fixtures.saes().toString();
        String image = Fixtures.image("gradient").toString();
        Path empty = dir.resolve("no-images.safetensors");
        Files.write(empty, safetensors("{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[0,3,224,224],"
                + "\"data_offsets\":[0,0]}}"));
        Path wrongRank = dir.resolve("rank-2.safetensors");
        Files.write(wrongRank, safetensors("{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[1,1],"
                + "\"data_offsets\":[0,4]}}", 4));
        return List.of(
                new CliCase("pixel-values-of-no-images", List.of("--pixel-values", empty + ":pixel_values", "--clip", clip,
                        "--saes", saes), Map.of(), empty.toString(), "hold no images", null),
                new CliCase("pixel-values-of-rank-2", List.of("--pixel-values", wrongRank + ":pixel_values", "--clip",
                        clip, "--saes", saes), Map.of(), wrongRank.toString(), "but CLIP takes [B, 3, H, W]", null),
                new CliCase("pixel-values-missing-key", List.of("--pixel-values", wrongRank + ":nope", "--clip", clip,
                        "--saes", saes), Map.of(), wrongRank.toString(), "has no tensor named nope", null),
                new CliCase("limit-set-to-abc", List.of("--images", image, "--clip", clip, "--saes", saes), Map.of(
                        Limit.IMAGE_PIXELS.environmentVariable(), "abc"), Limit.IMAGE_PIXELS.environmentVariable(),
                        "not a positive whole number", null),
                new CliCase("layers-not-numbers", List.of("--images", image, "--clip", clip, "--saes", saes,
                        "--layers", "2;rm -rf /"), Map.of(), "2;rm -rf /", "not comma-separated numbers", null),
                new CliCase("images-missing", List.of("--images", dir.resolve("nope.png").toString(), "--clip", clip,
                        "--saes", saes), Map.of(), dir.resolve("nope.png").toString(), "does not exist", null));
    }

    private static Ended run(CliCase c, Path runs) throws IOException, InterruptedException {
        Path runDir = Files.createDirectories(runs.resolve(c.name()));
        Path out = runDir.resolve("out.safetensors");
        List<String> command = java();
        command.addAll(List.of(ScopeCli.class.getName(), "forward"));
        command.addAll(c.forward());
        command.addAll(List.of("--out", out.toString(), "--device", "cpu"));
        Path logs = Files.createDirectories(runs.resolve(c.name() + ".logs"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile())
                .redirectOutput(logs.resolve("stdout").toFile()).redirectError(logs.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SCOPE_"));
        pb.environment().putAll(c.env());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean inTime = p.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!inTime) {
            p.destroyForcibly().waitFor();
        }
        MILLIS.put(c.name(), (System.nanoTime() - start) / 1_000_000);
        try (Stream<Path> left = Files.list(runDir)) {
            return new Ended(inTime, p.exitValue(), Files.readString(logs.resolve("stdout"), StandardCharsets.UTF_8),
                    Files.readString(logs.resolve("stderr"), StandardCharsets.UTF_8),
                    left.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    private static void refused(CliCase c, Ended e) {
        assertTrue(e.inTime(), c.name() + " ran past " + TIME_LIMIT_SECONDS + " s; stderr: " + e.stderr());
        assertNotEquals(0, e.exit(), c.name() + " exited 0; stdout: " + e.stdout());
        List<String> lines = e.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> c.name() + ": not one line on stderr:\n" + e.stderr());
        String line = lines.get(0);
        assertTrue(line.startsWith("scope forward: "), c.name() + ": " + line);
        assertTrue(line.contains(c.named()), () -> c.name() + ": does not name " + c.named() + ": " + line);
        assertTrue(line.contains(c.mustSay()), () -> c.name() + ": does not say \"" + c.mustSay() + "\": " + line);
        assertTrue(e.stdout().isBlank(), () -> c.name() + ": wrote to stdout: " + e.stdout());
        assertEquals(List.of(), e.left(), c.name() + " left files behind (an output or a temporary file)");
        if (c.marker() != null) {
            assertFalse(Files.exists(c.marker()), c.name() + " ran code: " + c.marker() + " exists");
        }
    }

    /**
     * {@code java -Xmx512m} as {@code ./scope} starts it (native access granted, DJL offline), with this test's
     * classpath and DJL's cache, up to the main class.
     */
    private static List<String> java() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-Dai.djl.offline=true"));
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            command.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }

    /** Control: the same harness passes a good input through, so the refusals above are the inputs' doing. */
    @Test
    void aGoodInputThroughTheSameHarnessWritesItsOutput(@TempDir Path dir) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("good"));
        Path out = runDir.resolve("out.safetensors");
        List<String> command = java();
        command.addAll(List.of(ScopeCli.class.getName(), "forward",
                "--images", Fixtures.image("gradient").toString(), "--clip", Fixtures.clip().toString(),
                "--saes", Fixtures.saes().toString(), "--layers", "2", "--out", out.toString(), "--device", "cpu"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(Files.size(out) > 0);
    }

    private static byte[] safetensors(String header) {
        return safetensors(header, 0);
    }

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + dataBytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }
}
