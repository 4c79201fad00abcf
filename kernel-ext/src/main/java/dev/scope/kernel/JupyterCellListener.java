package dev.scope.kernel;

import com.google.gson.JsonObject;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellListener;
import dev.scope.kernel.session.StdinNotAllowed;
import dev.scope.kernel.wire.KernelSockets;
import dev.scope.kernel.wire.Messages;
import dev.scope.kernel.wire.WireMessage;

import java.io.IOException;

/**
 * Publishes what a cell (or a comm listener) produces on IOPub as it happens, under its request, and asks the
 * front end that sent the request for input when the request allows it.
 */
final class JupyterCellListener implements CellListener {

    private final Publisher publisher;
    private final KernelSockets sockets;
    private final Messages messages;
    private final WireMessage request;
    private final boolean allowStdin;
    private volatile boolean closed;
    private volatile boolean inputCancelled;

    JupyterCellListener(Publisher publisher, KernelSockets sockets, Messages messages, WireMessage request,
                        boolean allowStdin) {
        this.publisher = publisher;
        this.sockets = sockets;
        this.messages = messages;
        this.request = request;
        this.allowStdin = allowStdin;
    }

    static JsonObject bundle(MimeBundle bundle) {
        JsonObject content = new JsonObject();
        content.add("data", KernelComms.GSON.toJsonTree(bundle.data()));
        content.add("metadata", KernelComms.GSON.toJsonTree(bundle.metadata()));
        return content;
    }

    @Override
    public void stdout(String text) {
        stream("stdout", text);
    }

    @Override
    public void stderr(String text) {
        stream("stderr", text);
    }

    @Override
    public void display(String displayId, MimeBundle bundle, boolean update) {
        JsonObject content = bundle(bundle);
        JsonObject transient_ = new JsonObject();
        if (displayId != null) {
            transient_.addProperty("display_id", displayId);
        }
        content.add("transient", transient_);
        publish(update ? "update_display_data" : "display_data", content);
    }

    @Override
    public void clearOutput(boolean wait) {
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        publish("clear_output", content);
    }

    @Override
    public String input(String prompt, boolean password) throws IOException {
        if (!allowStdin || closed) {
            throw new StdinNotAllowed();
        }
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", password);
        WireMessage reply = sockets.askForInput(messages.request(request, "input_request", content),
                () -> inputCancelled || closed);
        return reply.string("value").orElse("");
    }

    /** Stops waiting for input: the cell was interrupted. */
    void cancelInput() {
        inputCancelled = true;
    }

    /** After the request's reply nothing more may be published for it. */
    void close() {
        closed = true;
    }

    private void stream(String name, String text) {
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        publish("stream", content);
    }

    private void publish(String type, JsonObject content) {
        if (!closed) {
            publisher.publish(request, type, content);
        }
    }
}
