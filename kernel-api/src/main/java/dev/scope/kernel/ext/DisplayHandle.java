package dev.scope.kernel.ext;

import java.util.Map;

/**
 * What {@code display(obj)} returns: the display's id, and a way to replace what it shows. As a
 * cell's last value it shows nothing, so a cell ending in {@code display(x)} shows x just once.
 */
public record DisplayHandle(String id) implements Renderable {

    public void update(Object value) {
        Display.updateDisplay(id, value);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return new MimeBundle(Map.of(), Map.of());
    }

    @Override
    public String toString() {
        return id;
    }
}
