package dev.scope.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a benchmark ran: CPU model and cores, memory, JDK, libtorch and its thread counts, the malloc
 * and OpenMP settings in effect and the load average (other processes' work shows in timings).
 */
public record Machine(String cpuModel, int cores, long memTotalBytes, String os, String jdk, String engine,
                      int intraOpThreads, int interOpThreads, String glibcTunables, String ompWaitPolicy,
                      String loadAverage) {

    /** Describes this machine now; the engine must be usable (it is started if need be). */
    public static Machine describe() {
        Engine engine = Engine.getInstance();
        return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemTotal(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.home") + ")",
                engine.getEngineName() + " " + engine.getVersion(),
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                System.getenv().getOrDefault("GLIBC_TUNABLES", ""), System.getenv().getOrDefault("OMP_WAIT_POLICY", ""),
                currentLoadAverage());
    }

    /** The one-minute, five-minute and fifteen-minute load averages, as {@code /proc/loadavg} gives them. */
    public static String currentLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static long readMemTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return 0;
    }

    /** One line for the top of a report. */
    public String summary() {
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB; %s; %s, %d intra-op / %d inter-op threads; "
                        + "OMP_WAIT_POLICY=%s; GLIBC_TUNABLES=%s; load average %s",
                cpuModel, cores, memTotalBytes / (1024.0 * 1024 * 1024), jdk, engine, intraOpThreads, interOpThreads,
                ompWaitPolicy.isEmpty() ? "(unset)" : ompWaitPolicy, glibcTunables.isEmpty() ? "(unset)" : glibcTunables,
                loadAverage);
    }
}
