package dev.scope.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** The connection file Jupyter writes for a kernel: where to bind the five sockets and how to sign messages. */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int stdinPort,
                             int iopubPort, int hbPort, String key, String signatureScheme) {

    /** Parses the JSON of a connection file; {@code source} names it in errors. */
    public static ConnectionInfo parse(String json, String source) {
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("Connection file " + source + " is not a JSON object; start the kernel from Jupyter.");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("Connection file " + source + " is not valid JSON; start the kernel from Jupyter.");
        }
        String transport = text(o, "transport", "tcp", source);
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new IllegalArgumentException("Connection file " + source + " names transport '" + transport + "'; only tcp and ipc exist.");
        }
        return new ConnectionInfo(transport, text(o, "ip", "127.0.0.1", source),
                port(o, "shell_port", source), port(o, "control_port", source), port(o, "stdin_port", source),
                port(o, "iopub_port", source), port(o, "hb_port", source),
                text(o, "key", "", source), text(o, "signature_scheme", "hmac-sha256", source));
    }

    String address(int port) {
        return transport.equals("tcp") ? "tcp://" + ip + ":" + port : "ipc://" + ip + "-" + port;
    }

    private static String text(JsonObject o, String name, String fallback, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("Connection file " + source + ": " + name + " must be a string.");
        }
        return e.getAsString();
    }

    private static int port(JsonObject o, String name, String source) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()
                || e.getAsDouble() != Math.rint(e.getAsDouble()) || e.getAsDouble() < 0 || e.getAsDouble() > 65535) {
            throw new IllegalArgumentException("Connection file " + source + ": " + name + " must be a port number (0-65535).");
        }
        return e.getAsInt();
    }
}
