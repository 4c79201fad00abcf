package dev.scope.kernel.ext.widgets;

import dev.scope.kernel.ext.Comm;
import dev.scope.kernel.ext.CommListener;
import dev.scope.kernel.ext.Comms;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The widgets open in this JVM. A front end that reloads (or a second one) asks for all their states at once on
 * the {@code jupyter.widget.control} comm; {@link #managerState()} is the same in the form notebooks save.
 */
public final class Widgets {

    static final String CONTROL_TARGET = "jupyter.widget.control";
    private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();

    private Widgets() {
    }

    static void opened(Widget widget) {
        OPEN.put(widget.modelId(), widget);
    }

    static void closed(Widget widget) {
        OPEN.values().remove(widget);
    }

    /** How many widgets are open. */
    public static int openCount() {
        return OPEN.size();
    }

    /** Answers the front end's {@code request_states} on the control comm; the kernel calls this once per session. */
    public static void registerControlTarget() {
        Comms.registerTarget(CONTROL_TARGET, (comm, data, buffers) -> new CommListener() {
            @Override
            public void onMessage(Map<String, Object> message, List<byte[]> ignored) {
                if ("request_states".equals(message.get("method"))) {
                    sendStates(comm);
                }
            }
        });
    }

    /**
     * Every open widget's state as {@code application/vnd.jupyter.widget-state+json} holds it (buffers inline in
     * base64): what a notebook saves so that its widgets show without a kernel.
     */
    public static Map<String, Object> managerState() {
        Map<String, Object> states = new LinkedHashMap<>();
        for (Widget widget : List.copyOf(OPEN.values())) {
            WireState wire = widget.wireState();
            Map<String, Object> entry = describe(wire);
            List<Object> buffers = new ArrayList<>();
            for (int i = 0; i < wire.buffers().size(); i++) {
                buffers.add(Map.of("path", wire.bufferPaths().get(i), "encoding", "base64",
                        "data", Base64.getEncoder().encodeToString(wire.buffers().get(i))));
            }
            if (!buffers.isEmpty()) {
                entry.put("buffers", buffers);
            }
            states.put(widget.modelId(), entry);
        }
        return Map.of("version_major", 2, "version_minor", 0, "state", states);
    }

    private static void sendStates(Comm comm) {
        Map<String, Object> states = new LinkedHashMap<>();
        List<List<Object>> paths = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        for (Widget widget : List.copyOf(OPEN.values())) {
            WireState wire = widget.wireState();
            String id = widget.modelId();
            states.put(id, describe(wire));
            for (int i = 0; i < wire.buffers().size(); i++) {
                List<Object> path = new ArrayList<>(List.of(id, "state"));
                path.addAll(wire.bufferPaths().get(i));
                paths.add(path);
                buffers.add(wire.buffers().get(i));
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("method", "update_states");
        reply.put("states", states);
        reply.put("buffer_paths", paths);
        comm.send(reply, buffers);
    }

    private static Map<String, Object> describe(WireState wire) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_name", wire.state().get("_model_name"));
        entry.put("model_module", wire.state().get("_model_module"));
        entry.put("model_module_version", wire.state().get("_model_module_version"));
        entry.put("state", wire.state());
        return entry;
    }
}
