package dev.scope.kernel.ext.widgets;

import java.util.List;

/** Widgets laid out together: {@link HBox} in a row, {@link VBox} in a column. */
public abstract class Box<W extends Box<W>> extends DOMWidget<W> {

    protected Box(String modelName, String viewName, List<? extends Widget> children) {
        super(modelName, viewName);
        init("children", List.copyOf(children));
        init("box_style", "");
    }

    @SuppressWarnings("unchecked")
    public List<Widget> children() {
        return (List<Widget>) get("children");
    }

    /** Replaces the children; the new ones open before the box refers to them. */
    public W children(List<? extends Widget> children) {
        set("children", List.copyOf(children));
        return self();
    }
}
