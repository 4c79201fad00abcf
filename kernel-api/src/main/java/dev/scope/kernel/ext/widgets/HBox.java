package dev.scope.kernel.ext.widgets;

import java.util.List;

/** Widgets side by side. */
public final class HBox extends Box<HBox> {

    public HBox(Widget... children) {
        this(List.of(children));
    }

    public HBox(List<? extends Widget> children) {
        super("HBoxModel", "HBoxView", children);
    }
}
