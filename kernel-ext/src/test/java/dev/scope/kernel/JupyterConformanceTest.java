package dev.scope.kernel;

import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Jupyter's own conformance suite, jupyter_kernel_test (Debian's python3-jupyter-kernel-test), against the kernel
 * installed as Jupyter runs it, with a Java sample for every test it has (conformance.py).
 */
class JupyterConformanceTest {

    /** Every test of jupyter_kernel_test 0.4.5; a newer suite with more tests fails this list until samples exist. */
    static final List<String> TESTS = List.of("test_clear_output", "test_completion", "test_display_data",
            "test_error", "test_execute_result", "test_execute_stderr", "test_execute_stdout", "test_history",
            "test_inspect", "test_is_complete", "test_kernel_info", "test_pager");

    @Test
    void everyTestOfTheSuitePasses(@TempDir Path dir) throws Exception {
        JupyterRequirement.require("jupyter_kernel_test", "python3-jupyter-kernel-test");
        Installer.writeKernelSpec(dir.resolve("kernels"), "scope-conformance", "Java (scope conformance)", Classpath.current());
        try (InputStream in = JupyterConformanceTest.class.getResourceAsStream("/jupyter/conformance.py")) {
            Files.copy(in, dir.resolve("conformance.py"));
        }
        Path log = dir.resolve("unittest.log");
        ProcessBuilder pb = new ProcessBuilder(JupyterRequirement.PYTHON, "-m", "unittest", "-v", "conformance")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_PATH", dir.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("SCOPE_KERNEL_NAME", "scope-conformance");
        pb.environment().put("PYTHONWARNINGS", "ignore");
        long started = System.nanoTime();
        Process suite = pb.start();
        if (!suite.waitFor(10, TimeUnit.MINUTES)) {
            suite.destroyForcibly();
            fail("jupyter_kernel_test did not finish in 10 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (String test : TESTS) {
            Matcher line = Pattern.compile("^" + test + " \\(conformance\\.ScopeKernelTests\\." + test + "\\) \\.\\.\\. (.*)$",
                    Pattern.MULTILINE).matcher(output);
            assertTrue(line.find(), test + " did not run:\n" + output);
            if (!line.group(1).equals("ok")) {
                assertTrue(line.group(1).isEmpty() && !output.contains("FAIL: " + test) && !output.contains("ERROR: " + test),
                        test + " did not pass:\n" + output);
            }
        }
        Matcher ran = Pattern.compile("^Ran (\\d+) tests? in ([\\d.]+)s$", Pattern.MULTILINE).matcher(output);
        assertTrue(ran.find(), output);
        assertEquals(String.valueOf(TESTS.size()), ran.group(1), "the suite ran exactly the tests listed:\n" + output);
        assertTrue(output.strip().endsWith("OK"), "jupyter_kernel_test reported failures, errors or skips:\n" + output);
        assertEquals(0, suite.exitValue(), output);
        System.out.printf("jupyter_kernel_test: %d of %d tests passed, suite %.1f s (%s s inside unittest)%n",
                TESTS.size(), TESTS.size(), seconds, ran.group(2));
    }
}
