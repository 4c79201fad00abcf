package dev.scope.kernel.ext.widgets;

/** The CSS layout of a widget (width, height, margins, flex and grid settings); every DOM widget has one. */
public final class Layout extends Widget {

    public Layout() {
        super(BASE, MODULE_VERSION, "LayoutModel", BASE, "LayoutView");
    }

    /** Sets a CSS attribute as the front end names it, e.g. {@code set("justify_content", "center")}. */
    public Layout css(String attribute, String value) {
        set(attribute, value);
        return this;
    }

    public Layout width(String css) {
        return css("width", css);
    }

    public Layout height(String css) {
        return css("height", css);
    }

    public Layout margin(String css) {
        return css("margin", css);
    }

    public Layout border(String css) {
        return css("border_top", css).css("border_right", css).css("border_bottom", css).css("border_left", css);
    }
}
