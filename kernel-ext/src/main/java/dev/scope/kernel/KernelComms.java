package dev.scope.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.ToNumberPolicy;
import dev.scope.kernel.session.SessionEvents;
import dev.scope.kernel.wire.WireMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The kernel's view of the comms: which are open and to which target (for comm_info_request), and the agent's
 * comm messages published to the front end, under the request being handled when they were sent.
 */
final class KernelComms implements SessionEvents {

    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private final Map<String, String> targets = new ConcurrentHashMap<>();
    private final Publisher publisher;
    private final Supplier<WireMessage> parent;

    KernelComms(Publisher publisher, Supplier<WireMessage> parent) {
        this.publisher = publisher;
        this.parent = parent;
    }

    /** Open comms (id to target name), those to {@code target} only when it is not null. */
    Map<String, String> open(String target) {
        Map<String, String> out = new java.util.TreeMap<>();
        targets.forEach((id, t) -> {
            if (target == null || target.equals(t)) {
                out.put(id, t);
            }
        });
        return out;
    }

    boolean isOpen(String id) {
        return targets.containsKey(id);
    }

    void openedByFrontEnd(String id, String target) {
        targets.put(id, target);
    }

    void closedByFrontEnd(String id) {
        targets.remove(id);
    }

    @Override
    public void commOpened(String id, String target, Map<String, Object> data, Map<String, Object> metadata,
                           List<byte[]> buffers) {
        targets.put(id, target);
        JsonObject content = new JsonObject();
        content.addProperty("comm_id", id);
        content.addProperty("target_name", target);
        content.add("data", GSON.toJsonTree(data));
        publisher.publish(parent.get(), "comm_open", content, GSON.toJsonTree(metadata).getAsJsonObject(), buffers);
    }

    @Override
    public void commMessage(String id, Map<String, Object> data, List<byte[]> buffers) {
        JsonObject content = new JsonObject();
        content.addProperty("comm_id", id);
        content.add("data", GSON.toJsonTree(data));
        publisher.publish(parent.get(), "comm_msg", content, new JsonObject(), buffers);
    }

    @Override
    public void commClosed(String id, Map<String, Object> data) {
        targets.remove(id);
        JsonObject content = new JsonObject();
        content.addProperty("comm_id", id);
        content.add("data", GSON.toJsonTree(data));
        publisher.publish(parent.get(), "comm_close", content, new JsonObject(), List.of());
    }

    @Override
    public void agentReplaced() {
        for (String id : List.copyOf(targets.keySet())) {
            commClosed(id, Map.of());
        }
    }
}
