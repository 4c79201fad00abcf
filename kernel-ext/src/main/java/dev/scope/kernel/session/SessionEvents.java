package dev.scope.kernel.session;

import java.util.List;
import java.util.Map;

/** What the agent tells the kernel outside any one cell's output: its comms to the front end. */
public interface SessionEvents {

    SessionEvents NONE = new SessionEvents() {
    };

    default void commOpened(String commId, String target, Map<String, Object> data, Map<String, Object> metadata,
                            List<byte[]> buffers) {
    }

    default void commMessage(String commId, Map<String, Object> data, List<byte[]> buffers) {
    }

    default void commClosed(String commId, Map<String, Object> data) {
    }

    /** The agent JVM was replaced: every comm it had is gone. */
    default void agentReplaced() {
    }
}
