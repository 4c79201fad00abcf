package dev.scope.kernel.testkit;

import java.util.List;
import java.util.Map;

/** A comm_open, comm_msg or comm_close the agent sent towards the front end. */
public record CommEvent(String kind, String commId, String target, Map<String, Object> data, List<byte[]> buffers) {
}
