package dev.scope.kernel.agent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the kernel and its agent JVM say to each other, on a socket of their own (never on the agent's stdout, so
 * nothing a cell prints can pass for a frame): each frame is a 4-byte length and that many bytes of JSON. A
 * frame longer than {@link #MAX_FRAME_BYTES} is not sent, and a receiver skips one that claims to be.
 */
public final class Frames {

    /** The most bytes one frame may carry: a display bigger than this is replaced by a line saying so. */
    public static final int MAX_FRAME_BYTES = 64 << 20;

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private Frames() {
    }

    /**
     * One message. {@code kind} decides which fields it uses:
     * <ul>
     * <li>agent to kernel: display, update and result (id, data, metadata); reply (value); clear (value: wait);
     *     comm_open (id, value: target, data, metadata, buffers), comm_msg and comm_close (id, data, buffers);
     *     input (seq, value: prompt, data: password); done (seq: the delivery handled);</li>
     * <li>kernel to agent: comm_open, comm_msg and comm_close deliveries (seq, id, value: target, data, buffers);
     *     input_reply (seq, value: the line; or error, and data: cancelled).</li>
     * </ul>
     * {@code stdout} is how many bytes the agent had written to System.out when it sent the frame, so the kernel
     * shows the frame after that text.
     */
    public record Frame(String kind, String id, long seq, long stdout, Map<String, Object> data,
                        Map<String, Object> metadata, Object value, List<String> buffers, String error) {

        public static Frame of(String kind) {
            return new Frame(kind, null, 0, 0, null, null, null, null, null);
        }

        public Frame withId(String id) {
            return new Frame(kind, id, seq, stdout, data, metadata, value, buffers, error);
        }

        public Frame withSeq(long seq) {
            return new Frame(kind, id, seq, stdout, data, metadata, value, buffers, error);
        }

        public Frame withStdout(long stdout) {
            return new Frame(kind, id, seq, stdout, data, metadata, value, buffers, error);
        }

        @SuppressWarnings("unchecked")
        public Frame withData(Map<String, ?> data) {
            return new Frame(kind, id, seq, stdout, (Map<String, Object>) data, metadata, value, buffers, error);
        }

        @SuppressWarnings("unchecked")
        public Frame withMetadata(Map<String, ?> metadata) {
            return new Frame(kind, id, seq, stdout, data, (Map<String, Object>) metadata, value, buffers, error);
        }

        public Frame withValue(Object value) {
            return new Frame(kind, id, seq, stdout, data, metadata, value, buffers, error);
        }

        public Frame withError(String error) {
            return new Frame(kind, id, seq, stdout, data, metadata, value, buffers, error);
        }

        public Frame withBuffers(List<byte[]> bytes) {
            List<String> encoded = new ArrayList<>();
            for (byte[] b : bytes) {
                encoded.add(Base64.getEncoder().encodeToString(b));
            }
            return new Frame(kind, id, seq, stdout, data, metadata, value, encoded.isEmpty() ? null : encoded, error);
        }

        public List<byte[]> bufferBytes() {
            List<byte[]> out = new ArrayList<>();
            if (buffers != null) {
                for (String b : buffers) {
                    out.add(Base64.getDecoder().decode(b));
                }
            }
            return out;
        }

        public Map<String, Object> dataOrEmpty() {
            return data == null ? Map.of() : data;
        }

        public byte[] encode() {
            return GSON.toJson(this).getBytes(StandardCharsets.UTF_8);
        }

        public static Frame decode(byte[] json) {
            Frame frame = GSON.fromJson(new String(json, StandardCharsets.UTF_8), Frame.class);
            if (frame == null || frame.kind() == null) {
                throw new JsonParseException("a frame without a kind");
            }
            return frame;
        }
    }

    /** Writes one frame: its length, then its bytes. */
    public static void write(DataOutputStream out, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /**
     * The body of the next frame, or null if it claimed more than {@code max} bytes (those bytes are skipped, so
     * the stream stays in step). Throws at the end of the stream.
     */
    public static byte[] read(DataInputStream in, int max) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a frame of negative length " + length);
        }
        if (length > max) {
            in.skipNBytes(length);
            return null;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }
}
