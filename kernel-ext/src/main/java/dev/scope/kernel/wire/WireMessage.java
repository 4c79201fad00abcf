package dev.scope.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * One Jupyter message: the routing identities it came with (replies go back to them), the four JSON parts and any
 * binary buffers.
 */
public record WireMessage(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                          JsonObject content, List<byte[]> buffers) {

    public WireMessage {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    public String type() {
        return header.get("msg_type").getAsString();
    }

    public String id() {
        JsonElement id = header.get("msg_id");
        return id != null && id.isJsonPrimitive() ? id.getAsString() : "";
    }

    /** The id of the message this one answers, or "" when it answers none. */
    public String parentId() {
        JsonElement id = parentHeader.get("msg_id");
        return id != null && id.isJsonPrimitive() ? id.getAsString() : "";
    }

    public Optional<String> string(String field) {
        JsonElement e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? Optional.of(e.getAsString()) : Optional.empty();
    }

    public boolean flag(String field, boolean fallback) {
        JsonElement e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
    }

    public Optional<Long> number(String field) {
        JsonElement e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()
                ? Optional.of(e.getAsJsonPrimitive().getAsNumber().longValue()) : Optional.empty();
    }
}
