package dev.scope.kernel.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to start a session's agent JVM. From the environment: {@code SCOPE_HEAP} (e.g. {@code 12g})
 * sets its heap, {@code SCOPE_JAVA_OPTS} adds JVM options, {@code SCOPE_MAX_OUTPUT} caps the bytes a
 * cell shows per stream.
 */
public record SessionOptions(List<Path> classpath, List<String> agentJvmOptions, long outputLimitBytes,
                             Duration startTimeout, Duration interruptGrace) {

    public static final long DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
    static final String DEFAULT_HEAP_OPTION = "-XX:MaxRAMPercentage=50";
    private static final Pattern HEAP = Pattern.compile("\\d+[kKmMgGtT]?");

    public SessionOptions {
        classpath = List.copyOf(classpath);
        agentJvmOptions = List.copyOf(agentJvmOptions);
    }

    public static SessionOptions fromEnvironment() {
        return fromEnvironment(System.getenv(), Classpath.current());
    }

    static SessionOptions fromEnvironment(Map<String, String> env, List<Path> classpath) {
        List<String> jvm = new ArrayList<>();
        String heap = env.getOrDefault("SCOPE_HEAP", "").strip();
        if (heap.isEmpty()) {
            jvm.add(DEFAULT_HEAP_OPTION);
        } else if (HEAP.matcher(heap).matches()) {
            jvm.add("-Xmx" + heap);
        } else {
            throw new IllegalArgumentException("SCOPE_HEAP='" + heap
                    + "' is not a heap size; set it like 8g or 4096m, or unset it for half the machine's memory.");
        }
        String extra = env.getOrDefault("SCOPE_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        long limit = DEFAULT_OUTPUT_LIMIT;
        String maxOutput = env.getOrDefault("SCOPE_MAX_OUTPUT", "").strip();
        if (!maxOutput.isEmpty()) {
            try {
                limit = Long.parseLong(maxOutput);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SCOPE_MAX_OUTPUT='" + maxOutput
                        + "' is not a number of bytes; set it like 1048576 or unset it.");
            }
        }
        return new SessionOptions(classpath, jvm, limit, Duration.ofSeconds(60), Duration.ofSeconds(3));
    }

    public SessionOptions withOutputLimit(long bytes) {
        return new SessionOptions(classpath, agentJvmOptions, bytes, startTimeout, interruptGrace);
    }

    public SessionOptions withInterruptGrace(Duration grace) {
        return new SessionOptions(classpath, agentJvmOptions, outputLimitBytes, startTimeout, grace);
    }
}
