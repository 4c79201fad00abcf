package dev.scope.kernel.agent;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderable;
import dev.scope.kernel.ext.Renderer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renderers by type name (so that built-ins for optional libraries load nothing until such a value
 * shows up); the most specific registered type wins, and text/plain is present unless a
 * {@link Renderable} deliberately renders to nothing.
 */
public final class RendererTable {

    private final Map<String, Renderer<?>> byType = new ConcurrentHashMap<>();

    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        byType.put(type.getName(), renderer);
    }

    void register(String typeName, Renderer<?> renderer) {
        byType.put(typeName, renderer);
    }

    public MimeBundle render(Object value) {
        try {
            MimeBundle bundle = renderRich(value);
            boolean complete = bundle.data().isEmpty() || bundle.data().containsKey(MimeBundle.TEXT);
            return complete ? bundle : bundle.with(MimeBundle.TEXT, TextRepr.of(value));
        } catch (Exception | LinkageError e) {
            String type = value.getClass().getName();
            return MimeBundle.text(TextRepr.of(value) + "\n(rendering " + type + " failed: " + e + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private MimeBundle renderRich(Object value) throws Exception {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        if (value instanceof Renderable renderable) {
            return renderable.toMimeBundle();
        }
        if (value == null) {
            return MimeBundle.text("null");
        }
        Renderer<Object> renderer = (Renderer<Object>) find(value.getClass());
        return renderer == null ? MimeBundle.text(TextRepr.of(value)) : renderer.render(value);
    }

    /** The registered type nearest to {@code type} (superclasses and interfaces alike); Object last. */
    Renderer<?> find(Class<?> type) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (!seen.add(next)) {
                continue;
            }
            Renderer<?> renderer = byType.get(next.getName());
            if (renderer != null) {
                return renderer;
            }
            if (next.getSuperclass() != null && next.getSuperclass() != Object.class) {
                queue.add(next.getSuperclass());
            }
            queue.addAll(List.of(next.getInterfaces()));
        }
        return byType.get(Object.class.getName());
    }
}
