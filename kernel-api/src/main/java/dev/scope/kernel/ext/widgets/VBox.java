package dev.scope.kernel.ext.widgets;

import java.util.List;

/** Widgets one below the other. */
public final class VBox extends Box<VBox> {

    public VBox(Widget... children) {
        this(List.of(children));
    }

    public VBox(List<? extends Widget> children) {
        super("VBoxModel", "VBoxView", children);
    }
}
