package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameDecoderTest {

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final List<String> frames = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Sink() {
        @Override
        public void text(byte[] bytes, int offset, int length) {
            text.write(bytes, offset, length);
        }

        @Override
        public void frame(String json) {
            frames.add(json);
        }
    });

    @Test
    void framesAreCutOutOfTheTextWhateverTheChunking() {
        String frame = new Frames.Frame("display", "id-1", Map.of("text/plain", "héllo\u001F"), Map.of(), null).encode();
        byte[] stream = ("before " + frame + " after\n").getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            text.reset();
            frames.clear();
            for (int i = 0; i < stream.length; i += chunk) {
                decoder.write(stream, i, Math.min(chunk, stream.length - i));
            }
            assertEquals("before  after\n", text.toString(StandardCharsets.UTF_8), "chunk " + chunk);
            assertEquals(1, frames.size(), "chunk " + chunk);
            Frames.Frame decoded = Frames.Frame.decode(frames.get(0));
            assertEquals("héllo\u001F", decoded.data().get("text/plain"));
            assertEquals("id-1", decoded.id());
        }
    }

    @Test
    void aMarkerPrefixThatIsNotAFrameStaysText() {
        byte[] bytes = "a\u001Escope-not-a-frame \u001E\u001Escope:{}\u001F z".getBytes(StandardCharsets.UTF_8);
        decoder.write(bytes, 0, bytes.length);
        assertEquals("a\u001Escope-not-a-frame \u001E z", text.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("{}"), frames);
    }
}
