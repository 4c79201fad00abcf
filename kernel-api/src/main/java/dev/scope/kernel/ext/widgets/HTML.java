package dev.scope.kernel.ext.widgets;

import dev.scope.kernel.ext.Html;

/** A piece of HTML in a widget layout: captions, legends, short tables. Escape user text with {@link Html}. */
public final class HTML extends DOMWidget<HTML> {

    private final Style style = Style.of("HTMLStyleModel");

    public HTML(String html) {
        super("HTMLModel", "HTMLView");
        init("value", html);
        init("placeholder", "\u200b");
        init("description", "");
        init("description_allow_html", false);
        init("style", style);
    }

    public String value() {
        return stringValue("value");
    }

    public HTML value(String html) {
        set("value", html == null ? "" : html);
        return this;
    }

    public Style style() {
        return style;
    }

    @Override
    public String toString() {
        return "HTML(" + value() + ")";
    }
}
