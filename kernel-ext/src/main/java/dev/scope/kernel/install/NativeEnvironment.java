package dev.scope.kernel.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native libraries' settings the kernel runs with ({@code GLIBC_TUNABLES}, {@code OMP_WAIT_POLICY}), read
 * from {@code native.env}, the file {@code ./scope} reads too. The kernelspec starts the kernel through
 * {@code /bin/sh}, which sets each one that is unset, so the agent JVM that runs the cells (the kernel's
 * child) gets them, and a value the user set still wins.
 */
final class NativeEnvironment {

    static final String RESOURCE = "native.env";

    private NativeEnvironment() {
    }

    /** NAME → default value, in file order. */
    static Map<String, String> defaults() {
        try (InputStream in = NativeEnvironment.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the kernel jar; rebuild it with mvn package.");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                int eq = l.indexOf('=');
                if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                    values.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
            return Collections.unmodifiableMap(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code /bin/sh -c '<set each unset default>; exec "$@"' scope-kernel} before {@code command}; on a system
     * without {@code /bin/sh} (Windows, where glibc's settings mean nothing) the command alone.
     */
    static List<String> wrap(List<String> command) {
        if (!"/".equals(java.io.File.separator)) {
            return command;
        }
        StringBuilder script = new StringBuilder();
        defaults().forEach((name, value) -> script.append("[ -n \"${").append(name).append("+set}\" ] || export ")
                .append(name).append("='").append(value.replace("'", "'\\''")).append("'; "));
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script + "exec \"$@\"", "scope-kernel"));
        argv.addAll(command);
        return argv;
    }
}
