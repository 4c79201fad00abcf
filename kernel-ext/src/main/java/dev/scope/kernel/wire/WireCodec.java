package dev.scope.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames to messages and back, as the wire protocol lays them out: routing identities, the {@code <IDS|MSG>}
 * delimiter, the signature, header, parent header, metadata, content, then buffers. Decoding checks everything
 * a hostile or broken peer could get wrong and says what, so the caller can drop the message and go on.
 */
public final class WireCodec {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    /** Nesting past this in a message's JSON is refused rather than parsed (gson recurses). */
    static final int MAX_JSON_DEPTH = 200;

    private final Signer signer;

    public WireCodec(Signer signer) {
        this.signer = signer;
    }

    /** Why a message was dropped. */
    public static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    public WireMessage decode(List<byte[]> frames) throws Rejected {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new Rejected("no <IDS|MSG> delimiter among its " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new Rejected("only " + (frames.size() - delimiter - 1) + " of the 5 parts after the delimiter");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new Rejected("invalid signature");
        }
        JsonObject headerJson = object(header, "header");
        JsonElement type = headerJson.get("msg_type");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            throw new Rejected("a header without a msg_type string");
        }
        return new WireMessage(frames.subList(0, delimiter), headerJson, object(parent, "parent header"),
                object(metadata, "metadata"), object(content, "content"), frames.subList(delimiter + 6, frames.size()));
    }

    public List<byte[]> encode(WireMessage message) {
        byte[] header = bytes(message.header());
        byte[] parent = bytes(message.parentHeader());
        byte[] metadata = bytes(message.metadata());
        byte[] content = bytes(message.content());
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    private static byte[] bytes(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject object(byte[] raw, String part) throws Rejected {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (depth(text) > MAX_JSON_DEPTH) {
            throw new Rejected("its " + part + " nests deeper than " + MAX_JSON_DEPTH + " levels");
        }
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new Rejected("its " + part + " is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new Rejected("its " + part + " is not valid JSON");
        }
    }

    /** The deepest bracket nesting outside strings: a cheap bound before handing the text to a recursive parser. */
    static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }
}
