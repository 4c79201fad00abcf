package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MimeBundle;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Sends frames on the agent's original stdout, which the kernel reads. */
final class FrameWriter {

    private final PrintStream out;
    private final RendererTable renderers;

    FrameWriter(PrintStream out, RendererTable renderers) {
        this.out = out;
        this.renderers = renderers;
    }

    void show(String id, Object value) {
        send(bundleFrame("display", id, renderers.render(value)));
    }

    void update(String id, Object value) {
        send(bundleFrame("update", id, renderers.render(value)));
    }

    void result(Object value) {
        send(bundleFrame("result", null, renderers.render(value)));
    }

    void reply(Object value) {
        send(new Frame("reply", null, null, null, value));
    }

    private static Frame bundleFrame(String kind, String id, MimeBundle bundle) {
        return new Frame(kind, id, bundle.data(), bundle.metadata(), null);
    }

    private void send(Frame frame) {
        byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.flush();
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }
}
