package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FramesTest {

    @Test
    void framesRoundTripWithTheirDataNumbersAndBuffers() throws Exception {
        Frame sent = Frame.of("comm_msg").withId("c1").withSeq(7).withStdout(123)
                .withData(Map.of("method", "update", "state", Map.of("value", 5)))
                .withBuffers(List.of(new byte[]{1, 2, (byte) 255}));
        Frame back = Frame.decode(sent.encode());
        assertEquals("comm_msg", back.kind());
        assertEquals(7, back.seq());
        assertEquals(123, back.stdout());
        assertEquals(5L, ((Map<?, ?>) back.data().get("state")).get("value"), "whole numbers come back as Long");
        assertArrayEquals(new byte[]{1, 2, (byte) 255}, back.bufferBytes().get(0));
    }

    @Test
    void aFrameOverTheLimitIsSkippedAndTheStreamStaysInStep() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Frames.write(out, new byte[100]);
        Frames.write(out, Frame.of("reply").withValue("after").encode());
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertNull(Frames.read(in, 80), "a 100-byte frame against an 80-byte limit is skipped");
        assertEquals("after", Frame.decode(Frames.read(in, 80)).value());
        assertThrows(EOFException.class, () -> Frames.read(in, 80));
    }

    @Test
    void userTextWithTheOldMarkerIsJustText() throws Exception {
        String marker = "\u001Escope:{\"kind\":\"reply\"}\u001F";
        Frame frame = Frame.of("display").withData(Map.of("text/plain", marker));
        assertEquals(marker, Frame.decode(frame.encode()).data().get("text/plain"));
    }
}
