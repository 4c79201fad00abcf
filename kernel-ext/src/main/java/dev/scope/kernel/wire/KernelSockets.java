package dev.scope.kernel.wire;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The kernel's five sockets. Shell and control each have a thread that reads, checks and hands on one message at
 * a time; replies go out on that same thread. IOPub publishes from any thread; stdin is used by whoever asks the
 * front end for input; the heartbeat echoes on its own thread. A message that fails its checks is dropped with a
 * log line and the loop goes on.
 */
public final class KernelSockets implements AutoCloseable {

    /** Frames larger than this (any one of them) make ZeroMQ drop the sender's connection. */
    public static final long MAX_FRAME_BYTES = 256L << 20;
    private static final int POLL_MS = 100;

    public enum Channel { SHELL, CONTROL }

    public interface Handler {
        void handle(WireMessage message);
    }

    private final ZContext context = new ZContext(1);
    private final WireCodec codec;
    private final ProtocolLog log = new ProtocolLog();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket heartbeat;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private KernelSockets(ConnectionInfo info) {
        this.codec = new WireCodec(Signer.of(info.signatureScheme(), info.key()));
        this.shell = bind(SocketType.ROUTER, info.address(info.shellPort()));
        this.control = bind(SocketType.ROUTER, info.address(info.controlPort()));
        this.stdin = bind(SocketType.ROUTER, info.address(info.stdinPort()));
        this.iopub = bind(SocketType.PUB, info.address(info.iopubPort()));
        this.heartbeat = bind(SocketType.REP, info.address(info.hbPort()));
    }

    public static KernelSockets bind(ConnectionInfo info) {
        return new KernelSockets(info);
    }

    /** Starts the channel threads; {@code shellHandler} and {@code controlHandler} run on them. */
    public void serve(Handler shellHandler, Handler controlHandler) {
        start("scope-shell", () -> loop(shell, "shell", shellHandler));
        start("scope-control", () -> loop(control, "control", controlHandler));
        start("scope-heartbeat", this::echo);
    }

    /** Sends a reply on shell or control; call it on that channel's thread (from its handler). */
    public void reply(Channel channel, WireMessage message) {
        send(channel == Channel.SHELL ? shell : control, message);
    }

    public void publish(WireMessage message) {
        synchronized (iopub) {
            send(iopub, message);
        }
    }

    /**
     * Messages already waiting on shell, read without blocking; for the shell thread, which decides what to do
     * with them (after an error it aborts queued executions).
     */
    public List<WireMessage> queuedShellMessages() {
        List<WireMessage> queued = new ArrayList<>();
        List<byte[]> frames;
        while ((frames = receive(shell, ZMQ.DONTWAIT)) != null) {
            accept(frames, "shell").ifPresent(queued::add);
        }
        return queued;
    }

    /**
     * Sends {@code request} (an input_request) on stdin and waits for the input_reply, dropping anything else that
     * arrives there; replies left over from before the request are dropped first. Throws if {@code cancelled} turns true or the kernel closes first.
     */
    public WireMessage askForInput(WireMessage request, BooleanSupplier cancelled) throws InterruptedIOException {
        synchronized (stdin) {
            List<byte[]> stale;
            while ((stale = receive(stdin, ZMQ.DONTWAIT)) != null) {
                accept(stale, "stdin").ifPresent(m -> log.dropped("stdin", "an unexpected " + m.type() + " with no input pending"));
            }
            send(stdin, request);
            try (ZMQ.Poller poller = context.createPoller(1)) {
                poller.register(stdin, ZMQ.Poller.POLLIN);
                while (running && !cancelled.getAsBoolean()) {
                    if (poller.poll(POLL_MS) <= 0) {
                        continue;
                    }
                    List<byte[]> frames = receive(stdin, ZMQ.DONTWAIT);
                    Optional<WireMessage> reply = frames == null ? Optional.empty() : accept(frames, "stdin");
                    if (reply.isEmpty()) {
                        continue;
                    }
                    // jupyter_client's input() sends no parent header; like ipykernel, take the first reply
                    if (reply.get().type().equals("input_reply")) {
                        return reply.get();
                    }
                    log.dropped("stdin", "a " + reply.get().type() + " where an input_reply was expected");
                }
            }
            throw new InterruptedIOException("The input request was cancelled.");
        }
    }

    public long droppedMessages() {
        return log.droppedCount();
    }

    /** Waits until {@link #close()} has stopped the channel threads. */
    public void awaitClose() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        context.close();
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the loops without waiting: for a handler (on a channel thread) that shuts the kernel down. */
    public void stop() {
        running = false;
    }

    private void loop(ZMQ.Socket socket, String name, Handler handler) {
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            while (running) {
                if (poller.poll(POLL_MS) <= 0) {
                    continue;
                }
                List<byte[]> frames = receive(socket, ZMQ.DONTWAIT);
                if (frames == null) {
                    continue;
                }
                Optional<WireMessage> message = accept(frames, name);
                if (message.isEmpty()) {
                    continue;
                }
                try {
                    handler.handle(message.get());
                } catch (RuntimeException | StackOverflowError e) {
                    System.err.println("scope kernel: " + message.get().type() + " on " + name + " failed: " + e);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (running) {
                System.err.println("scope kernel: the " + name + " channel stopped: " + e);
            }
        }
    }

    private void echo() {
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(heartbeat, ZMQ.Poller.POLLIN);
            while (running) {
                if (poller.poll(POLL_MS) <= 0) {
                    continue;
                }
                List<byte[]> frames = receive(heartbeat, ZMQ.DONTWAIT);
                if (frames != null) {
                    sendFrames(heartbeat, frames);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (running) {
                System.err.println("scope kernel: the heartbeat stopped: " + e);
            }
        }
    }

    private Optional<WireMessage> accept(List<byte[]> frames, String channel) {
        try {
            return Optional.of(codec.decode(frames));
        } catch (WireCodec.Rejected e) {
            log.dropped(channel, e.getMessage());
            return Optional.empty();
        }
    }

    /** All frames of the next message, or null if none is waiting. ZeroMQ delivers a message's frames together. */
    private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void send(ZMQ.Socket socket, WireMessage message) {
        sendFrames(socket, codec.encode(message));
    }

    private static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private ZMQ.Socket bind(SocketType type, String address) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        socket.bind(address);
        return socket;
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }
}
