package dev.scope.kernel.wire;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodecTest {

    private final WireCodec codec = new WireCodec(Signer.of("hmac-sha256", "secret-key"));
    private final Messages messages = new Messages();

    @Test
    void aSignedMessageRoundTrips() throws Exception {
        List<byte[]> frames = codec.encode(request("kernel_info_request"));
        WireMessage back = codec.decode(frames);
        assertEquals("kernel_info_request", back.type());
        assertEquals("id-1", new String(back.identities().get(0), StandardCharsets.UTF_8));
    }

    @Test
    void theSignatureMatchesJupyterClients() {
        // jupyter_client: hmac.new(b"secret-key", digestmod=sha256) over b"{}" four times
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals("ed938433830cf3f1301eacc1147257c443a07966cfb32eda112e8d7f6fe37dd6",
                Signer.of("hmac-sha256", "secret-key").sign(empty, empty, empty, empty));
    }

    @Test
    void badMessagesAreRejectedWithTheirReason() {
        List<byte[]> good = codec.encode(request("execute_request"));
        assertRejected("invalid signature", new WireCodec(Signer.of("hmac-sha256", "wrong")).encode(request("execute_request")));
        assertRejected("no <IDS|MSG> delimiter", List.of("garbage".getBytes(StandardCharsets.UTF_8)));
        assertRejected("only 2 of the 5 parts", new ArrayList<>(good.subList(0, 4)));
        List<byte[]> notJson = new ArrayList<>(good);
        notJson.set(6, "{not json".getBytes(StandardCharsets.UTF_8));
        assertRejected("invalid signature", notJson);
        WireCodec unsigned = new WireCodec(Signer.of("hmac-sha256", ""));
        List<byte[]> badContent = new ArrayList<>(unsigned.encode(request("execute_request")));
        badContent.set(6, "{not json".getBytes(StandardCharsets.UTF_8));
        assertRejected(unsigned, "its content is not valid JSON", badContent);
        badContent.set(6, "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertRejected(unsigned, "its content is not a JSON object", badContent);
        badContent.set(6, "[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        assertRejected(unsigned, "nests deeper than 200 levels", badContent);
        List<byte[]> noType = new ArrayList<>(unsigned.encode(request("execute_request")));
        noType.set(3, "{\"msg_id\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        assertRejected(unsigned, "a header without a msg_type string", noType);
    }

    private WireMessage request(String type) {
        WireMessage base = messages.publication(null, type, new JsonObject());
        return new WireMessage(List.of("id-1".getBytes(StandardCharsets.UTF_8)), base.header(), new JsonObject(),
                new JsonObject(), new JsonObject(), List.of());
    }

    private void assertRejected(String reason, List<byte[]> frames) {
        assertRejected(codec, reason, frames);
    }

    private static void assertRejected(WireCodec codec, String reason, List<byte[]> frames) {
        WireCodec.Rejected e = assertThrows(WireCodec.Rejected.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
