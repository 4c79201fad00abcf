package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.CellMagic;
import dev.scope.kernel.ext.Comm;
import dev.scope.kernel.ext.CommListener;
import dev.scope.kernel.ext.CommTarget;
import dev.scope.kernel.ext.ExtensionContext;
import dev.scope.kernel.ext.KernelExtension;
import dev.scope.kernel.ext.KernelHost;
import dev.scope.kernel.ext.LineMagic;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderer;
import dev.scope.kernel.ext.widgets.Widgets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's foothold in the JVM that runs the notebook's code. The kernel calls {@link #init} when the session
 * starts; before that (or without a kernel) displays go nowhere.
 */
public final class Agent {

    record State(FrameWriter frames, MagicTable magics, RendererTable renderers, AgentComms comms, AgentInput input) {
    }

    private static final long CANCEL_CHECK_NANOS = 10_000_000L;

    private static volatile State state;
    private static volatile Path cancelFlag;
    private static volatile long lastCancelCheck;
    private static volatile boolean cancelSeen;
    private static final Set<String> LOADED = ConcurrentHashMap.newKeySet();

    private Agent() {
    }

    /**
     * Connects to the kernel (loopback {@code port}, proving itself with {@code token}), sets up displays, comms and
     * extensions, then replies with the installed magics. The kernel asks a running cell to stop by creating
     * {@code cancelFlagFile}. Called again after the classpath grows, it only loads the new extensions.
     */
    public static synchronized void init(String cancelFlagFile, int port, String token) {
        cancelFlag = Path.of(cancelFlagFile);
        if (state == null) {
            RendererTable renderers = new RendererTable();
            BuiltinRenderers.register(renderers);
            StdoutCounter stdout = StdoutCounter.install();
            Incoming incoming = new Incoming();
            FrameWriter frames = new FrameWriter(KernelLink.connect(port, token, stdout, incoming), renderers);
            state = new State(frames, new MagicTable(), renderers, new AgentComms(frames), new AgentInput(frames));
            incoming.state = state;
            System.setIn(new AgentStdin(state.input()));
            KernelHost.install(host(state));
            Widgets.registerControlTarget();
        }
        List<String> problems = loadExtensions();
        state.frames().reply(Map.of("magics", state.magics().describe(), "problems", problems,
                "pid", ProcessHandle.current().pid()));
    }

    /** Sends the value of a cell's last expression to the kernel, rendered. */
    public static void emitResult(Object value) {
        state().frames().result(value);
    }

    /** Whether the kernel asked the running cell to stop; a file check at most every 10 ms. */
    public static boolean cancelRequested() {
        Path flag = cancelFlag;
        if (flag == null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastCancelCheck > CANCEL_CHECK_NANOS) {
            cancelSeen = Files.exists(flag);
            lastCancelCheck = now;
        }
        return cancelSeen;
    }

    static State state() {
        State current = state;
        if (current == null) {
            throw new IllegalStateException("The scope kernel agent is not initialised in this JVM.");
        }
        return current;
    }

    /** What the kernel sends: comm deliveries and answers to input requests. */
    private static final class Incoming implements java.util.function.Consumer<Frame> {
        volatile State state;

        @Override
        public void accept(Frame frame) {
            State s = state;
            if (s == null) {
                return;
            }
            if (frame.kind().equals("input_reply")) {
                s.input().answered(frame);
            } else {
                s.comms().deliver(frame);
            }
        }
    }

    private static List<String> loadExtensions() {
        List<String> problems = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<KernelExtension> found = ServiceLoader.load(KernelExtension.class,
                loader != null ? loader : Agent.class.getClassLoader()).iterator();
        while (true) {
            KernelExtension extension;
            try {
                if (!found.hasNext()) {
                    break;
                }
                extension = found.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add("An extension could not be loaded: " + e.getMessage());
                continue;
            }
            if (LOADED.add(extension.getClass().getName())) {
                try {
                    extension.register(context(state));
                } catch (Exception | LinkageError e) {
                    problems.add("Extension " + extension.getClass().getName() + " failed to register: " + e);
                }
            }
        }
        return problems;
    }

    /** Displays, input and comms go through the kernel; cancellation is the kernel's flag file. */
    private static KernelHost host(State s) {
        return new KernelHost() {
            @Override
            public void show(String id, Object value) {
                s.frames().show(id, value);
            }

            @Override
            public void update(String id, Object value) {
                s.frames().update(id, value);
            }

            @Override
            public boolean attached() {
                return true;
            }

            @Override
            public boolean cancelRequested() {
                return Agent.cancelRequested();
            }

            @Override
            public void clearOutput(boolean wait) {
                s.frames().clear(wait);
            }

            @Override
            public String readLine(String prompt, boolean password) {
                return s.input().readLine(prompt, password);
            }

            @Override
            public MimeBundle render(Object value) {
                return s.renderers().render(value);
            }

            @Override
            public Comm openComm(String target, Map<String, ?> data, Map<String, ?> metadata, List<byte[]> buffers,
                                 CommListener listener) {
                return s.comms().open(target, data, metadata, buffers, listener);
            }

            @Override
            public void registerCommTarget(String target, CommTarget opener) {
                s.comms().register(target, opener);
            }
        };
    }

    private static ExtensionContext context(State s) {
        return new ExtensionContext() {
            @Override
            public void lineMagic(String name, String help, LineMagic magic) {
                s.magics().addLine(name, help, magic);
            }

            @Override
            public void cellMagic(String name, String help, CellMagic magic) {
                s.magics().addCell(name, help, magic);
            }

            @Override
            public <T> void renderer(Class<T> type, Renderer<? super T> renderer) {
                s.renderers().register(type, renderer);
            }
        };
    }
}
