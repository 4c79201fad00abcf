package dev.scope.kernel.ext.widgets;

import java.util.List;

/**
 * A widget with a view on the page: it has a {@link Layout}, CSS classes and a tooltip. {@code W} is the concrete
 * class, so that setters chain: {@code new IntSlider().tooltip("latent").max(40)}.
 */
public abstract class DOMWidget<W extends DOMWidget<W>> extends Widget {

    private final Layout layout = new Layout();

    protected DOMWidget(String modelName, String viewName) {
        this(CONTROLS, MODULE_VERSION, modelName, viewName);
    }

    protected DOMWidget(String module, String moduleVersion, String modelName, String viewName) {
        super(module, moduleVersion, modelName, module, viewName);
        init("_dom_classes", List.of());
        init("layout", layout);
        init("tabbable", null);
        init("tooltip", null);
    }

    public Layout layout() {
        return layout;
    }

    public W tooltip(String text) {
        set("tooltip", text);
        return self();
    }

    @SuppressWarnings("unchecked")
    protected final W self() {
        return (W) this;
    }
}
