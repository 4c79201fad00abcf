package dev.scope.kernel.ext.widgets;

/** A widget's style model: description width, handle and button colours, depending on the control. */
public final class Style extends Widget {

    Style(String modelName) {
        super(CONTROLS, MODULE_VERSION, modelName, BASE, "StyleView");
        init("description_width", "");
    }

    /** Sets a style attribute as the front end names it, e.g. {@code set("description_width", "120px")}. */
    public Style css(String attribute, String value) {
        set(attribute, value);
        return this;
    }
}
