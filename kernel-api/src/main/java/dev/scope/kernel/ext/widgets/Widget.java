package dev.scope.kernel.ext.widgets;

import dev.scope.kernel.ext.Comm;
import dev.scope.kernel.ext.CommListener;
import dev.scope.kernel.ext.Comms;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Jupyter widget: state kept here and in the front end, synced both ways over one comm, in the
 * {@code @jupyter-widgets} protocol {@value #PROTOCOL_VERSION} that ipywidgets 8, JupyterLab 4 and Notebook 7
 * speak. A widget opens its comm when first shown (or when a shown container takes it in); from then on each
 * change on either side reaches the other, and {@link #observe} listeners run for changes from both.
 *
 * <pre>{@code
 * var slider = new IntSlider().max(40).description("latent");
 * slider.onChange(v -> System.out.println("now " + v));
 * slider                      // shows the slider; moving it prints in the kernel
 * }</pre>
 */
public abstract class Widget implements Renderable {

    public static final String PROTOCOL_VERSION = "2.1.0";
    public static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";
    static final String TARGET = "jupyter.widget";
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String MODULE_VERSION = "2.0.0";
    private static final String REFERENCE = "IPY_MODEL_";

    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, List<Consumer<Object>>> observers = new ConcurrentHashMap<>();
    private volatile Comm comm;

    protected Widget(String module, String moduleVersion, String modelName, String viewModule, String viewName) {
        state.put("_model_module", module);
        state.put("_model_module_version", moduleVersion);
        state.put("_model_name", modelName);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", moduleVersion);
        state.put("_view_name", viewName);
    }

    /** The id the front end knows this widget by (its comm's id); opens the widget. */
    public String modelId() {
        return open().id();
    }

    /** The value of state attribute {@code name} (as the front end names it), or null. */
    public synchronized Object get(String name) {
        return state.get(name);
    }

    /** A copy of the whole state, widgets referenced as themselves and bytes as byte arrays. */
    public synchronized Map<String, Object> state() {
        return new LinkedHashMap<>(state);
    }

    /** Calls {@code listener} with the new value whenever attribute {@code name} changes, here or in the front end. */
    public Widget observe(String name, Consumer<Object> listener) {
        observers.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener));
        return this;
    }

    /** Whether the comm is open: the widget was shown and neither side closed it. */
    public boolean isOpen() {
        Comm c = comm;
        return c != null && c.isOpen();
    }

    /** Closes the widget in the front end; its views go away. */
    public void close() {
        Comm c = comm;
        if (c != null) {
            c.close();
            Widgets.closed(this);
        }
    }

    @Override
    public MimeBundle toMimeBundle() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version_major", 2);
        view.put("version_minor", 0);
        view.put("model_id", modelId());
        return MimeBundle.text(toString()).with(VIEW_MIME, view);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + state.get("_model_name") + ")";
    }

    /** Sets attribute {@code name}; sends the change if the widget is open and tells the observers. */
    protected final void set(String name, Object value) {
        synchronized (this) {
            if (same(state.get(name), value)) {
                return;
            }
            state.put(name, value);
            if (comm != null) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put(name, value);
                sendState(change);
            }
        }
        fire(name, value);
    }

    /** Sets an attribute before the widget is open, without telling anyone: for constructors. */
    protected final synchronized void init(String name, Object value) {
        state.put(name, value);
    }

    protected final int intValue(String name) {
        Object v = get(name);
        return v instanceof Number n ? n.intValue() : 0;
    }

    protected final String stringValue(String name) {
        Object v = get(name);
        return v == null ? null : v.toString();
    }

    /** A custom message from the front end (a button's click); widgets that expect one override this. */
    protected void custom(Map<String, Object> content) {
    }

    /** Whether the front end may change attribute {@code name}; references to other widgets it may not. */
    protected boolean frontEndMayChange(String name) {
        return !name.startsWith("_") && !(get(name) instanceof Widget) && !(get(name) instanceof List<?>);
    }

    /** Opens the comm (and before it those of the widgets this one refers to); idempotent. */
    public synchronized Comm open() {
        if (comm == null) {
            WireState wire = WireState.of(state);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("state", wire.state());
            data.put("buffer_paths", wire.bufferPaths());
            comm = Comms.open(TARGET, data, Map.of("version", PROTOCOL_VERSION), wire.buffers(), new Listener());
            Widgets.opened(this);
        }
        return comm;
    }

    private void sendState(Map<String, Object> change) {
        WireState wire = WireState.of(change);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", "update");
        data.put("state", wire.state());
        data.put("buffer_paths", wire.bufferPaths());
        comm.send(data, wire.buffers());
    }

    /** The full state in the form the front end stores it: what {@code request_state} and saved notebooks carry. */
    synchronized WireState wireState() {
        return WireState.of(state);
    }

    private void fire(String name, Object value) {
        for (Consumer<Object> listener : observers.getOrDefault(name, List.of())) {
            listener.accept(value);
        }
    }

    private void receiveUpdate(Map<String, Object> changes, List<List<Object>> paths, List<byte[]> buffers) {
        Map<String, Object> applied = new LinkedHashMap<>(changes);
        for (int i = 0; i < paths.size() && i < buffers.size(); i++) {
            if (paths.get(i).size() == 1 && paths.get(i).get(0) instanceof String key) {
                applied.put(key, buffers.get(i));
            }
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<String, Object> e : applied.entrySet()) {
                if (state.containsKey(e.getKey()) && frontEndMayChange(e.getKey())
                        && !same(state.get(e.getKey()), e.getValue())) {
                    Object value = normalise(state.get(e.getKey()), e.getValue());
                    state.put(e.getKey(), value);
                    changed.put(e.getKey(), value);
                }
            }
        }
        changed.forEach(this::fire);
    }

    /** Whole numbers arrive from JSON as Long or Double; keep the Java type the attribute already has. */
    private static Object normalise(Object current, Object incoming) {
        if (current instanceof Integer && incoming instanceof Number n) {
            return n.intValue();
        }
        if (current instanceof Double && incoming instanceof Number n) {
            return n.doubleValue();
        }
        return incoming;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** A reference to {@code widget} as the protocol writes it in another widget's state. */
    static String reference(Widget widget) {
        return REFERENCE + widget.modelId();
    }

    static List<Object> references(Collection<? extends Widget> widgets) {
        List<Object> refs = new ArrayList<>();
        widgets.forEach(w -> refs.add(reference(w)));
        return refs;
    }

    private final class Listener implements CommListener {
        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Map<String, Object> data, List<byte[]> buffers) {
            Object method = data.get("method");
            if ("update".equals(method) && data.get("state") instanceof Map<?, ?> changes) {
                List<List<Object>> paths = data.get("buffer_paths") instanceof List<?> p ? (List<List<Object>>) p : List.of();
                receiveUpdate((Map<String, Object>) changes, paths, buffers);
            } else if ("request_state".equals(method)) {
                synchronized (Widget.this) {
                    sendState(new LinkedHashMap<>(state));
                }
            } else if ("custom".equals(method) && data.get("content") instanceof Map<?, ?> content) {
                custom((Map<String, Object>) content);
            }
        }

        @Override
        public void onClose(Map<String, Object> data) {
            Widgets.closed(Widget.this);
        }
    }
}
