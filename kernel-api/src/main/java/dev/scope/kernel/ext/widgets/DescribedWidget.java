package dev.scope.kernel.ext.widgets;

/** A control with a description label beside it and a style; it can be disabled. */
public abstract class DescribedWidget<W extends DescribedWidget<W>> extends DOMWidget<W> {

    private final Style style;

    protected DescribedWidget(String modelName, String viewName, String styleModel) {
        super(modelName, viewName);
        this.style = Style.of(styleModel);
        init("description", "");
        init("description_allow_html", false);
        init("disabled", false);
        init("style", style);
    }

    public Style style() {
        return style;
    }

    public String description() {
        return stringValue("description");
    }

    public W description(String text) {
        set("description", text);
        return self();
    }

    public boolean disabled() {
        return Boolean.TRUE.equals(get("disabled"));
    }

    public W disabled(boolean disabled) {
        set("disabled", disabled);
        return self();
    }
}
