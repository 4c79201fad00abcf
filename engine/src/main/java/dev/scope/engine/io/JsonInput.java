package dev.scope.engine.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON read from outside (safetensors headers, {@code config.json}, {@code preprocessor_config.json}),
 * within {@link Limit#JSON_BYTES} and {@link Limit#NESTING_DEPTH}. Gson 2.11 parses without recursion
 * but has no depth limit, and the trees it builds recurse in {@code toString}, {@code equals} and
 * {@code deepCopy}; so the depth is measured on the text first. That is exact because the text is then
 * parsed strictly (no comments, single quotes or bare words, where brackets could hide).
 */
public final class JsonInput {
    private JsonInput() {
    }

    /**
     * Parses strict JSON.
     *
     * @throws Limit.Exceeded when the text nests deeper than the limit
     * @throws JsonParseException when it is not JSON
     */
    public static JsonElement parse(String text) {
        checkDepth(text);
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element = JsonParser.parseReader(reader);
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("text after the JSON value");
            }
        } catch (IOException e) {
            throw new JsonSyntaxException(e);
        }
        return element;
    }

    /**
     * The text of a JSON file, refused when it is not a regular file (a FIFO would block, a device never
     * end) or is larger than {@link Limit#JSON_BYTES}; only that much is ever read.
     *
     * @throws Limit.Exceeded when the file is too large
     * @throws IOException when it cannot be read; a {@link java.nio.file.NoSuchFileException} when missing
     */
    public static String read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(file) ? "it is a folder" : "it is not a regular file");
        }
        long limit = Limit.JSON_BYTES.value();
        Limit.JSON_BYTES.check(Files.size(file), "is %s");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            Limit.JSON_BYTES.check(bytes.length, "is at least %s");
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Measures how deep arrays and objects nest, outside strings, and refuses past the limit. */
    static void checkDepth(String text) {
        long limit = Limit.NESTING_DEPTH.value();
        long depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > limit) {
                    Limit.NESTING_DEPTH.check(depth, limit, "nests JSON arrays or objects at least %s deep");
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }
}
