package dev.scope.kernel.session;

import java.util.List;
import java.util.Map;

/** A comm_open, comm_msg or comm_close from the front end, for the agent's comms. */
public record CommDelivery(String kind, String commId, String target, Map<String, Object> data, List<byte[]> buffers) {

    public CommDelivery {
        data = data == null ? Map.of() : data;
        buffers = List.copyOf(buffers);
    }
}
