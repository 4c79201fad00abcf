package dev.scope.kernel.ext;

import java.util.List;
import java.util.Map;

/**
 * One Jupyter comm: a channel between an object in the kernel and its counterpart in the front end, on which
 * interactive widgets stand. Data is JSON-like (maps, lists, strings, numbers, booleans, null); binary parts
 * travel as buffers. Without a kernel a comm is detached: it sends nowhere and never receives.
 */
public interface Comm {

    String id();

    String target();

    void send(Map<String, ?> data, List<byte[]> buffers);

    default void send(Map<String, ?> data) {
        send(data, List.of());
    }

    /** Closes the comm on both sides; later sends do nothing. */
    void close(Map<String, ?> data);

    default void close() {
        close(Map.of());
    }

    boolean isOpen();
}
