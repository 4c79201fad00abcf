package dev.scope.magics;

import java.util.List;

/**
 * What a subcommand hands to the kernel: text to print, views to display in order (charts, heatmaps,
 * tables, images), and the value the magic returns to the cell.
 */
record Shown(String text, List<Object> views, Object value) {

    Shown {
        text = text == null ? "" : text;
        views = List.copyOf(views);
    }

    static Shown text(String text) {
        return new Shown(text, List.of(), null);
    }

    /** The first view of {@code type}. */
    <T> T view(Class<T> type) {
        return views.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + type.getSimpleName() + " among " + views + "."));
    }
}
