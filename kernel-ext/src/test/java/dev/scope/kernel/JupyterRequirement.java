package dev.scope.kernel;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real-Jupyter tests need Debian's Jupyter packages for /usr/bin/python3. Missing packages fail the
 * test (CI installs them); SCOPE_SKIP_JUPYTER=1 skips these tests for quick local runs.
 */
public final class JupyterRequirement {

    public static final String PYTHON = System.getenv().getOrDefault("SCOPE_JUPYTER_PYTHON", "/usr/bin/python3");

    private JupyterRequirement() {
    }

    public static void require() throws IOException, InterruptedException {
        require("jupyter_client, nbclient, nbformat", null);
    }

    /** Also needs the Python {@code modules}, which Debian's {@code debianPackage} provides. */
    public static void require(String modules, String debianPackage) throws IOException, InterruptedException {
        Assumptions.assumeFalse("1".equals(System.getenv("SCOPE_SKIP_JUPYTER")), "SCOPE_SKIP_JUPYTER=1");
        String how = debianPackage == null ? HOW : "Install it with: apt-get install -y " + debianPackage;
        Process probe;
        try {
            probe = new ProcessBuilder(PYTHON, "-c", "import " + modules).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(PYTHON + " is missing; install python3 and the Jupyter packages (see below) or set SCOPE_SKIP_JUPYTER=1. " + how);
            return;
        }
        String output = new String(probe.getInputStream().readAllBytes());
        if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            fail(PYTHON + " cannot import " + modules + " (" + output.strip() + "). " + how);
        }
    }

    private static final String HOW = "Install them with: apt-get install -y jupyter-client python3-jupyter-client "
            + "python3-nbclient jupyter-nbconvert python3-nbconvert python3-nbformat python3-ipykernel";
}
