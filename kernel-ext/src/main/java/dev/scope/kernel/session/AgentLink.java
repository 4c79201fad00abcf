package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames;
import dev.scope.kernel.agent.Frames.Frame;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BiConsumer;

/**
 * The kernel's end of the socket to one agent JVM: it listens on a loopback port, takes the first connection that
 * presents this link's random token (any other is closed), then reads frames until the agent goes away. A frame
 * over {@link Frames#MAX_FRAME_BYTES} is skipped with a log line; a new agent gets a new link.
 */
final class AgentLink implements AutoCloseable {

    private static final int TOKEN_CHARS = 64;

    private final ServerSocket server;
    private final String token;
    private volatile Socket socket;
    private volatile DataOutputStream out;
    private volatile boolean closed;

    private AgentLink(ServerSocket server, String token) {
        this.server = server;
        this.token = token;
    }

    /**
     * Listens for the agent for up to {@code wait}; frames go to {@code frames} on the link's reader thread.
     */
    static AgentLink listen(Duration wait, BiConsumer<AgentLink, Frame> frames) {
        try {
            ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            byte[] secret = new byte[TOKEN_CHARS / 2];
            new SecureRandom().nextBytes(secret);
            AgentLink link = new AgentLink(server, HexFormat.of().formatHex(secret));
            Thread reader = new Thread(() -> link.run(wait, frames), "scope-agent-link");
            reader.setDaemon(true);
            reader.start();
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("The kernel could not open a loopback port for its Java agent: " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    String token() {
        return token;
    }

    /** Sends a frame to the agent; false if the link is not (or no longer) up. */
    boolean send(Frame frame) {
        DataOutputStream o = out;
        if (o == null || closed) {
            return false;
        }
        try {
            synchronized (o) {
                Frames.write(o, frame.encode());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Socket s = socket;
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void run(Duration wait, BiConsumer<AgentLink, Frame> frames) {
        try {
            Socket s = acceptAgent(System.nanoTime() + wait.toNanos());
            if (s == null) {
                return;
            }
            socket = s;
            out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            while (!closed) {
                byte[] body = Frames.read(in, Frames.MAX_FRAME_BYTES);
                if (body == null) {
                    System.err.println("scope kernel: skipped a frame from the agent over the "
                            + (Frames.MAX_FRAME_BYTES >> 20) + " MB limit");
                    continue;
                }
                Frame frame;
                try {
                    frame = Frame.decode(body);
                } catch (RuntimeException e) {
                    System.err.println("scope kernel: skipped a frame from the agent that is not valid: " + e.getMessage());
                    continue;
                }
                frames.accept(this, frame);
            }
        } catch (IOException e) {
            // the agent went away
        } finally {
            closed = true;
        }
    }

    /** The first connection that presents the token before {@code deadline}, or null. */
    private Socket acceptAgent(long deadline) throws IOException {
        while (!closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            Socket candidate;
            try {
                candidate = server.accept();
            } catch (SocketTimeoutException e) {
                return null;
            }
            candidate.setSoTimeout(5_000);
            byte[] presented = new byte[TOKEN_CHARS];
            try {
                new DataInputStream(candidate.getInputStream()).readFully(presented);
            } catch (IOException e) {
                candidate.close();
                continue;
            }
            if (MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.US_ASCII))) {
                candidate.setSoTimeout(0);
                candidate.setTcpNoDelay(true);
                server.close();
                return candidate;
            }
            System.err.println("scope kernel: refused a connection to the agent port that did not present the token");
            candidate.close();
        }
        return null;
    }
}
