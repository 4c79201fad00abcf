package dev.scope.kernel.install;

import dev.scope.kernel.JupyterRequirement;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The kernel runs its cells with the native settings ./scope uses: the defaults of native.env, each overridable. */
class KernelEnvironmentTest {

    static final String GLIBC = "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=4294967296"
            + ":glibc.malloc.trim_threshold=4294967296";

    @Test
    void theDefaultsAreTheFileThatScopeReads() throws IOException {
        assertEquals(Map.of("GLIBC_TUNABLES", GLIBC, "OMP_WAIT_POLICY", "PASSIVE"), NativeEnvironment.defaults());
        String launcher = Files.readString(Path.of("..", "scope"));
        assertTrue(launcher.contains("kernel-ext/src/main/resources/dev/scope/kernel/install/" + NativeEnvironment.RESOURCE),
                "./scope reads the same file");
        List<String> argv = new KernelSpec("J", "/jdk/bin/java", List.of(), List.of("x.jar")).argv();
        assertEquals(List.of("/bin/sh", "-c"), argv.subList(0, 2));
        assertEquals(List.of("/jdk/bin/java", "-cp", "x.jar", KernelSpec.MAIN_CLASS, "{connection_file}"),
                argv.subList(4, argv.size()));
    }

    @Test
    void aCellReadsTheDefaultsBackAndAVariableTheUserSetWins(@TempDir Path dir) throws Exception {
        JupyterRequirement.require();
        Installer.writeKernelSpec(dir.resolve("kernels"), "scope-env", "Java (scope env)", Classpath.current());
        Path script = dir.resolve("kernel_env.py");
        try (InputStream in = KernelEnvironmentTest.class.getResourceAsStream("/jupyter/kernel_env.py")) {
            Files.copy(in, script);
        }
        assertEquals("PASSIVE|" + GLIBC, cell(dir, script, Map.of()), "unset: the defaults");
        assertEquals("ACTIVE|", cell(dir, script, Map.of("OMP_WAIT_POLICY", "ACTIVE", "GLIBC_TUNABLES", "")),
                "set (even empty): the user's value");
    }

    /** What the cell printed, with the kernel started under {@code set} and without the two variables otherwise. */
    private static String cell(Path dir, Path script, Map<String, String> set) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(JupyterRequirement.PYTHON, script.toString(), "scope-env")
                .redirectErrorStream(false);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GLIBC_TUNABLES");
        pb.environment().putAll(set);
        pb.environment().put("JUPYTER_PATH", dir.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Path err = dir.resolve("err.log");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("kernel_env.py failed: " + out + Files.readString(err));
        }
        return out.strip();
    }
}
