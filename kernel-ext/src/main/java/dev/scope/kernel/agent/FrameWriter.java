package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MimeBundle;

/** Renders values and sends them, and the agent's other messages, to the kernel. */
final class FrameWriter {

    private final KernelLink link;
    private final RendererTable renderers;

    FrameWriter(KernelLink link, RendererTable renderers) {
        this.link = link;
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
        send(Frame.of("reply").withValue(value));
    }

    void clear(boolean wait) {
        send(Frame.of("clear").withValue(wait));
    }

    void send(Frame frame) {
        link.send(frame);
    }

    private static Frame bundleFrame(String kind, String id, MimeBundle bundle) {
        return Frame.of(kind).withId(id).withData(bundle.data()).withMetadata(bundle.metadata());
    }
}
