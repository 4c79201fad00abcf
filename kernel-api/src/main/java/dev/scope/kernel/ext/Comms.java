package dev.scope.kernel.ext;

import java.util.List;
import java.util.Map;

/** Opens comms to the front end and accepts the ones it opens; see {@link Comm}. */
public final class Comms {

    private Comms() {
    }

    /** Opens a comm to {@code target} in the front end, with the comm_open message's data, metadata and buffers. */
    public static Comm open(String target, Map<String, ?> data, Map<String, ?> metadata, List<byte[]> buffers,
                            CommListener listener) {
        return KernelHost.current().openComm(target, data, metadata, buffers, listener);
    }

    /** Accepts comms the front end opens to {@code target}; a later registration replaces an earlier one. */
    public static void registerTarget(String target, CommTarget opener) {
        KernelHost.current().registerCommTarget(target, opener);
    }
}
