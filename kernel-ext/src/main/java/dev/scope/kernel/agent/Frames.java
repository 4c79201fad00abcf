package dev.scope.kernel.agent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.Map;

/**
 * The agent talks back to the kernel through its stdout: each message is a JSON frame between two
 * control characters, which the kernel cuts out of the stream before showing the rest as text.
 * JSON escapes every control character inside strings, so the end marker never occurs in a body.
 */
public final class Frames {

    public static final String START = "\u001Escope:";
    public static final char END = '\u001F';

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Frames() {
    }

    /** One message; {@code kind} is display, update, result or reply. */
    public record Frame(String kind, String id, Map<String, Object> data, Map<String, Object> metadata, Object value) {

        public static Frame decode(String json) {
            return GSON.fromJson(json, Frame.class);
        }

        public String encode() {
            return START + GSON.toJson(this) + END;
        }
    }
}
