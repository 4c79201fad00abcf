package dev.scope.bench;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.scope.engine.io.MappedPages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The memory half of {@code ./scope bench}: writes full-size random checkpoints to a temporary folder,
 * then starts one {@link MemoryProbe} JVM per configuration (with a modest heap, as a notebook kernel
 * would have) and collects what each measured. The folder is deleted afterwards.
 */
public final class MemoryBench {
    /** The heap each probe JVM gets: weights live in native memory, so the heap holds only small results. */
    static final String HEAP = "-Xmx256m";
    private static final long PROBE_TIMEOUT_MINUTES = 15;

    private final BenchPlan plan;
    private final int threads;
    private final Consumer<String> progress;

    /** {@code threads}: libtorch intra-op threads each probe uses. */
    public MemoryBench(BenchPlan plan, int threads, Consumer<String> progress) {
        this.plan = plan;
        this.threads = threads;
        this.progress = progress;
    }

    public List<MemoryResult> run() throws IOException {
        int depth = plan.vision().numHiddenLayers();
        List<ProbeConfig> configs = plan.quick() ? ProbeConfig.quick(plan.layer(), depth) : ProbeConfig.full(plan.layer(), depth);
        Path dir = Files.createTempDirectory("scope-bench-");
        try {
            Path clip = dir.resolve("clip");
            Path sae = dir.resolve("sae.safetensors");
            writeCheckpoints(configs, clip, sae);
            List<MemoryResult> results = new ArrayList<>();
            for (ProbeConfig config : configs) {
                progress.accept("measuring memory in a JVM of its own: " + config.describe());
                results.add(probe(config, clip, sae));
            }
            return results;
        } finally {
            deleteTree(dir);
        }
    }

    /** Writes the SAE file and a CLIP folder with as many blocks as the file-loading configurations need. */
    private void writeCheckpoints(List<ProbeConfig> configs, Path clip, Path sae) throws IOException {
        RandomCheckpoints files = new RandomCheckpoints();
        if (configs.stream().anyMatch(c -> c.source() == ProbeConfig.Source.FILE && c.sae())) {
            progress.accept("writing a random " + plan.dIn() + " × " + plan.saeFeatures() + " SAE to " + sae);
            files.writeSae(sae, plan.dIn(), plan.saeFeatures());
        }
        int blocks = configs.stream().filter(c -> c.source() == ProbeConfig.Source.FILE)
                .mapToInt(ProbeConfig::clipBlocks).max().orElse(0);
        if (blocks > 0) {
            progress.accept("writing a random CLIP vision tower (" + blocks + " blocks) to " + clip);
            files.writeClip(clip, BenchPlan.withBlocks(plan.vision(), blocks));
        }
    }

    private MemoryResult probe(ProbeConfig config, Path clip, Path sae) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-Dai.djl.pytorch.num_threads=" + threads));
        for (String property : new String[] {"ai.djl.offline", "DJL_CACHE_DIR"}) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        if (config.variant() == ProbeConfig.Variant.MAPPED_PAGES_KEPT) {
            command.add("-D" + MappedPages.PROPERTY + "=false");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(),
                plan.quick() ? "quick" : "full", clip.toString(), sae.toString()));
        command.addAll(config.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (config.variant() == ProbeConfig.Variant.DEFAULT_MALLOC) {
            builder.environment().put("GLIBC_TUNABLES", "");
        }
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = readAll(process.getInputStream());
        try {
            if (!process.waitFor(PROBE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return MemoryResult.failed(config, HEAP, "the probe ran past " + PROBE_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return MemoryResult.failed(config, HEAP, "interrupted");
        }
        for (String line : out.split("\n")) {
            if (line.startsWith(MemoryProbe.MARKER)) {
                try {
                    return new Gson().fromJson(line.substring(MemoryProbe.MARKER.length()), MemoryResult.class);
                } catch (JsonParseException e) {
                    return MemoryResult.failed(config, HEAP, "the probe's report was not readable: " + e.getMessage());
                }
            }
        }
        String lines = err.join().strip();
        String last = lines.isEmpty() ? "no output" : lines.substring(lines.lastIndexOf('\n') + 1);
        return MemoryResult.failed(config, HEAP, "the probe exited with status " + process.exitValue() + ": " + last);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
