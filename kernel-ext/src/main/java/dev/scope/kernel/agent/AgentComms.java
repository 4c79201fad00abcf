package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.Comm;
import dev.scope.kernel.ext.CommListener;
import dev.scope.kernel.ext.CommTarget;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The comms of this JVM. What the front end sends arrives from the kernel one delivery at a time; each runs its
 * listener on the comm thread and then tells the kernel it is done, so the kernel can report the listener's output
 * and go idle.
 */
final class AgentComms {

    private final FrameWriter frames;
    private final Map<String, CommListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, CommTarget> targets = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scope-comms");
        t.setDaemon(true);
        return t;
    });

    AgentComms(FrameWriter frames) {
        this.frames = frames;
    }

    Comm open(String target, Map<String, ?> data, Map<String, ?> metadata, List<byte[]> buffers, CommListener listener) {
        String id = UUID.randomUUID().toString().replace("-", "");
        listeners.put(id, listener);
        frames.send(Frame.of("comm_open").withId(id).withValue(target).withData(data).withMetadata(metadata)
                .withBuffers(buffers));
        return new AgentComm(id, target);
    }

    void register(String target, CommTarget opener) {
        targets.put(target, opener);
    }

    /** A comm_open, comm_msg or comm_close from the front end (or the kernel's sync after a cell), handled on the comm thread. */
    void deliver(Frame frame) {
        thread.execute(() -> {
            try {
                handle(frame);
            } catch (Throwable e) {
                System.err.println("A comm listener failed on " + frame.kind() + ": " + e);
            } finally {
                frames.send(Frame.of("done").withSeq(frame.seq()));
            }
        });
    }

    private void handle(Frame frame) {
        String id = frame.id();
        switch (frame.kind()) {
            case "comm_msg" -> {
                CommListener listener = listeners.get(id);
                if (listener != null) {
                    listener.onMessage(frame.dataOrEmpty(), frame.bufferBytes());
                }
            }
            case "comm_close" -> {
                CommListener listener = listeners.remove(id);
                if (listener != null) {
                    listener.onClose(frame.dataOrEmpty());
                }
            }
            case "comm_open" -> {
                String target = String.valueOf(frame.value());
                CommTarget opener = targets.get(target);
                if (opener == null) {
                    frames.send(Frame.of("comm_close").withId(id));
                    return;
                }
                CommListener listener = opener.opened(new AgentComm(id, target), frame.dataOrEmpty(), frame.bufferBytes());
                listeners.put(id, listener == null ? (data, buffers) -> { } : listener);
            }
            default -> {
            }
        }
    }

    private final class AgentComm implements Comm {
        private final String id;
        private final String target;

        AgentComm(String id, String target) {
            this.id = id;
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
            if (isOpen()) {
                frames.send(Frame.of("comm_msg").withId(id).withData(data).withBuffers(buffers));
            }
        }

        @Override
        public void close(Map<String, ?> data) {
            if (listeners.remove(id) != null) {
                frames.send(Frame.of("comm_close").withId(id).withData(data));
            }
        }

        @Override
        public boolean isOpen() {
            return listeners.containsKey(id);
        }
    }
}
