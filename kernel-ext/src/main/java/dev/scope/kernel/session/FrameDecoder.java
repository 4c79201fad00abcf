package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Splits the agent's stdout into plain text and frames, whatever the chunking of the bytes. */
final class FrameDecoder {

    interface Sink {
        void text(byte[] bytes, int offset, int length);

        void frame(String json);
    }

    private static final byte[] START = Frames.START.getBytes(StandardCharsets.US_ASCII);
    private static final byte END = (byte) Frames.END;

    private final Sink sink;
    private int matched;
    private ByteArrayOutputStream body;

    FrameDecoder(Sink sink) {
        this.sink = sink;
    }

    void write(byte[] bytes, int offset, int length) {
        int textStart = offset;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (body != null) {
                if (b == END) {
                    sink.frame(body.toString(StandardCharsets.UTF_8));
                    body = null;
                    textStart = i + 1;
                } else {
                    body.write(b);
                }
                i++;
            } else if (b == START[matched]) {
                if (matched == 0 && i > textStart) {
                    sink.text(bytes, textStart, i - textStart);
                }
                matched++;
                i++;
                textStart = i;
                if (matched == START.length) {
                    matched = 0;
                    body = new ByteArrayOutputStream();
                }
            } else if (matched > 0) {
                // a partial marker turned out to be text; look at this byte again from scratch
                sink.text(START, 0, matched);
                matched = 0;
                textStart = i;
            } else {
                i++;
            }
        }
        if (body == null && matched == 0 && end > textStart) {
            sink.text(bytes, textStart, end - textStart);
        }
    }
}
