package dev.scope.kernel.ext;

import java.util.List;
import java.util.Map;

/** Receives what the front end sends on a comm; called one message at a time, between cells. */
public interface CommListener {

    void onMessage(Map<String, Object> data, List<byte[]> buffers);

    /** The front end closed the comm (or the kernel restarted its session). */
    default void onClose(Map<String, Object> data) {
    }
}
