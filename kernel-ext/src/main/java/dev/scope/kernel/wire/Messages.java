package dev.scope.kernel.wire;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Builds the kernel's messages: headers carry this kernel's session id, replies and outputs name their parent. */
public final class Messages {

    public static final String PROTOCOL_VERSION = "5.3";

    private final String session = UUID.randomUUID().toString();

    /** A reply to {@code request}, routed back to its sender. */
    public WireMessage reply(WireMessage request, String type, JsonObject content) {
        return new WireMessage(request.identities(), header(type), request.header(), new JsonObject(), content, List.of());
    }

    /** An IOPub message about {@code parent} (null for none, as the starting status). */
    public WireMessage publication(WireMessage parent, String type, JsonObject content) {
        return publication(parent, type, content, new JsonObject(), List.of());
    }

    public WireMessage publication(WireMessage parent, String type, JsonObject content, JsonObject metadata,
                                   List<byte[]> buffers) {
        byte[] topic = ("kernel." + session + "." + type).getBytes(StandardCharsets.UTF_8);
        return new WireMessage(List.of(topic), header(type), parent == null ? new JsonObject() : parent.header(),
                metadata, content, buffers);
    }

    /** A request from the kernel to the front end that sent {@code parent}, as input_request is. */
    public WireMessage request(WireMessage parent, String type, JsonObject content) {
        return new WireMessage(parent.identities(), header(type), parent.header(), new JsonObject(), content, List.of());
    }

    private JsonObject header(String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "scope");
        h.addProperty("date", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }
}
