package dev.scope.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process with an environment cleaned of everything that picks weights, caches or Jupyter folders,
 * so that only what a test sets reaches the notebooks; output goes to files (no pipe can fill up).
 */
final class Command {
    /** Variables a developer's shell may have set that would change what the notebooks load or find. */
    private static final List<String> CLEARED_PREFIXES = List.of("SCOPE_", "HF_", "HUGGINGFACE_", "JUPYTER_", "TRANSFORMERS_");

    record Result(int status, String stdout, String stderr, List<String> command) {
        String describe() {
            return String.join(" ", command) + " exited " + status + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        }

        private static String tail(String text) {
            return text.length() > 6000 ? "…" + text.substring(text.length() - 6000) : text;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private Path directory;
    private Duration timeout = Duration.ofMinutes(10);

    Command() {
        System.getenv().forEach((k, v) -> {
            if (CLEARED_PREFIXES.stream().noneMatch(k::startsWith)) {
                env.put(k, v);
            }
        });
        String djlCache = System.getProperty("DJL_CACHE_DIR");
        if (djlCache != null) {
            env.put("DJL_CACHE_DIR", djlCache); // PyTorch's natives, unpacked once for the whole build
        }
    }

    Command env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Offline, an empty hub cache, and Jupyter's user folders under {@code tmp}: nothing of the developer's own. */
    Command isolatedUnder(Path tmp) {
        return env("HF_HUB_OFFLINE", "1")
                .env("HF_HUB_CACHE", tmp.resolve("empty-hf-cache").toString())
                .env("JUPYTER_DATA_DIR", tmp.resolve("jupyter-data").toString())
                .env("JUPYTER_RUNTIME_DIR", tmp.resolve("jupyter-runtime").toString())
                .env("JUPYTER_CONFIG_DIR", tmp.resolve("jupyter-config").toString());
    }

    Command in(Path directory) {
        this.directory = directory;
        return this;
    }

    Command timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("scope-test-", ".out");
        Path err = Files.createTempFile("scope-test-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ";\n--- stdout\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), List.copyOf(command));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails with what to install when {@code jupyter nbconvert} is missing: these tests need the real Jupyter. */
    static void requireJupyter() throws IOException, InterruptedException {
        Result nbconvert;
        try {
            nbconvert = new Command().timeout(Duration.ofMinutes(1)).run("jupyter", "nbconvert", "--version");
        } catch (IOException e) {
            nbconvert = null;
        }
        if (nbconvert == null || nbconvert.status() != 0) {
            throw new AssertionError("jupyter nbconvert is not installed, and the notebook tests run the notebooks in a real"
                    + " Jupyter; install it with .ci/run's packages (apt-get install jupyter-nbconvert python3-nbclient"
                    + " jupyter-client) and run the tests again.");
        }
    }
}
