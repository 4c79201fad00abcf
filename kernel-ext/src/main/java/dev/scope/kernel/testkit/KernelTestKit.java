package dev.scope.kernel.testkit;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.CellListener;
import dev.scope.kernel.session.CellOutcome;
import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs cells in a real session (agent JVM included) without Jupyter, for cheap tests of magics
 * and renderers. Extensions on the test classpath are loaded as in the kernel.
 *
 * <pre>{@code
 * try (KernelTestKit kit = KernelTestKit.start()) {
 *     assertEquals("42", kit.execText("6 * 7"));
 *     assertEquals("MagicError", kit.execError("%scope").name());
 * }
 * }</pre>
 */
public final class KernelTestKit implements AutoCloseable {

    private final JavaSession session;
    private int cellNumber;

    private KernelTestKit(JavaSession session) {
        this.session = session;
    }

    public static KernelTestKit start() {
        return start(SessionOptions.fromEnvironment());
    }

    public static KernelTestKit start(SessionOptions options) {
        return new KernelTestKit(JavaSession.start(options));
    }

    public JavaSession session() {
        return session;
    }

    public CellResult exec(String code) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        List<DisplayEvent> displays = new ArrayList<>();
        CellOutcome outcome = session.run(++cellNumber, code, new CellListener() {
            @Override
            public synchronized void stdout(String text) {
                out.append(text);
            }

            @Override
            public synchronized void stderr(String text) {
                err.append(text);
            }

            @Override
            public synchronized void display(String displayId, MimeBundle bundle, boolean update) {
                displays.add(new DisplayEvent(displayId, bundle, update));
            }
        });
        return new CellResult(outcome, out.toString(), err.toString(), displays);
    }

    /** The value the cell shows; fails if the cell failed or showed nothing. */
    public MimeBundle execRendered(String code) {
        CellResult result = exec(code);
        return result.outcome().shownValue().orElseThrow(() -> new AssertionError(
                "Expected a value from cell " + cellNumber + " but got " + describe(result)));
    }

    /** The text/plain of the value the cell shows. */
    public String execText(String code) {
        return execRendered(code).textPlain();
    }

    /** The error the cell ends with; fails if the cell succeeded. */
    public CellError execError(String code) {
        CellResult result = exec(code);
        return result.outcome().failure().orElseThrow(() -> new AssertionError(
                "Expected cell " + cellNumber + " to fail but got " + describe(result)));
    }

    /** Runs the cell and fails if it does not succeed. */
    public CellResult execOk(String code) {
        CellResult result = exec(code);
        if (result.outcome() instanceof CellOutcome.Failed) {
            throw new AssertionError("Cell " + cellNumber + " failed: " + describe(result));
        }
        return result;
    }

    private static String describe(CellResult result) {
        return result.outcome() + (result.stderr().isEmpty() ? "" : " (stderr: " + result.stderr().strip() + ")");
    }

    @Override
    public void close() {
        session.close();
    }
}
