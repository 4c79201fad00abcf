package dev.scope.kernel.testkit;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.magic.BuiltinMagics;
import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.CellListener;
import dev.scope.kernel.session.CellOutcome;
import dev.scope.kernel.session.CommDelivery;
import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionEvents;
import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.session.StdinNotAllowed;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs cells in a real session (agent JVM included) without Jupyter, for cheap tests of magics,
 * renderers and widgets. Extensions on the test classpath are loaded as in the kernel.
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
    private final List<CommEvent> comms;
    private final Deque<String> typed = new ConcurrentLinkedDeque<>();
    private int cellNumber;

    private KernelTestKit(JavaSession session, List<CommEvent> comms) {
        this.session = session;
        this.comms = comms;
    }

    public static KernelTestKit start() {
        return start(SessionOptions.fromEnvironment());
    }

    public static KernelTestKit start(SessionOptions options) {
        List<CommEvent> comms = new CopyOnWriteArrayList<>();
        JavaSession session = JavaSession.start(options, new SessionEvents() {
            @Override
            public void commOpened(String id, String target, Map<String, Object> data, Map<String, Object> metadata,
                                   List<byte[]> buffers) {
                comms.add(new CommEvent("comm_open", id, target, data, buffers));
            }

            @Override
            public void commMessage(String id, Map<String, Object> data, List<byte[]> buffers) {
                comms.add(new CommEvent("comm_msg", id, null, data, buffers));
            }

            @Override
            public void commClosed(String id, Map<String, Object> data) {
                comms.add(new CommEvent("comm_close", id, null, data, List.of()));
            }
        });
        return new KernelTestKit(BuiltinMagics.install(session), comms);
    }

    public JavaSession session() {
        return session;
    }

    /** Lines to answer the next input requests with; with none left, input is refused as in a headless run. */
    public KernelTestKit typing(String... lines) {
        typed.addAll(List.of(lines));
        return this;
    }

    /** What the agent's comms have sent towards the front end so far, in order. */
    public List<CommEvent> commEvents() {
        return List.copyOf(comms);
    }

    public CellResult exec(String code) {
        Recorder recorder = new Recorder();
        CellOutcome outcome = session.run(++cellNumber, code, recorder);
        return recorder.result(outcome);
    }

    /** Sends a comm message as the front end would and returns what its listener printed or displayed. */
    public CellResult deliver(CommDelivery delivery) {
        Recorder recorder = new Recorder();
        session.deliver(delivery, recorder);
        return recorder.result(new CellOutcome.Nothing());
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

    private final class Recorder implements CellListener {
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();
        private final List<DisplayEvent> displays = new ArrayList<>();
        private final List<Boolean> clears = new ArrayList<>();
        private final List<String> prompts = new ArrayList<>();

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

        @Override
        public synchronized void clearOutput(boolean wait) {
            clears.add(wait);
        }

        @Override
        public String input(String prompt, boolean password) throws StdinNotAllowed {
            synchronized (this) {
                prompts.add(prompt);
            }
            String line = typed.poll();
            if (line == null) {
                throw new StdinNotAllowed();
            }
            return line;
        }

        synchronized CellResult result(CellOutcome outcome) {
            return new CellResult(outcome, out.toString(), err.toString(), displays, clears, prompts);
        }
    }
}
