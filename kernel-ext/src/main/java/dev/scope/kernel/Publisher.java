package dev.scope.kernel;

import com.google.gson.JsonObject;
import dev.scope.kernel.wire.KernelSockets;
import dev.scope.kernel.wire.Messages;
import dev.scope.kernel.wire.WireMessage;

import java.util.List;

/** Sends the kernel's IOPub messages: outputs, statuses and comm traffic, each under the request it belongs to. */
final class Publisher {

    private final KernelSockets sockets;
    private final Messages messages;

    Publisher(KernelSockets sockets, Messages messages) {
        this.sockets = sockets;
        this.messages = messages;
    }

    void publish(WireMessage parent, String type, JsonObject content) {
        sockets.publish(messages.publication(parent, type, content));
    }

    void publish(WireMessage parent, String type, JsonObject content, JsonObject metadata, List<byte[]> buffers) {
        sockets.publish(messages.publication(parent, type, content, metadata, buffers));
    }

    void status(WireMessage parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parent, "status", content);
    }
}
