package dev.scope.kernel.ext;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A comm with no front end behind it: what {@link Comms#open} gives without a kernel. */
final class DetachedComm implements Comm {

    private final String id = UUID.randomUUID().toString().replace("-", "");
    private final String target;
    private volatile boolean open = true;

    DetachedComm(String target) {
        this.target = target;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void send(Map<String, ?> data, List<byte[]> buffers) {
    }

    @Override
    public void close(Map<String, ?> data) {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
