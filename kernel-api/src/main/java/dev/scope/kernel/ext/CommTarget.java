package dev.scope.kernel.ext;

import java.util.List;
import java.util.Map;

/** Accepts comms that the front end opens to a named target; returns the listener for the new comm. */
@FunctionalInterface
public interface CommTarget {

    CommListener opened(Comm comm, Map<String, Object> data, List<byte[]> buffers);
}
