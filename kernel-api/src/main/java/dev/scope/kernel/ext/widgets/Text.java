package dev.scope.kernel.ext.widgets;

import java.util.function.Consumer;

/** A one-line text field. */
public final class Text extends DescribedWidget<Text> {

    public Text() {
        super("TextModel", "TextView", "TextStyleModel");
        init("value", "");
        init("placeholder", "\u200b");
        init("continuous_update", true);
    }

    public String value() {
        return stringValue("value");
    }

    public Text value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }

    public Text placeholder(String text) {
        set("placeholder", text);
        return this;
    }

    /** Whether the value syncs as the user types (true) or when they press Enter or leave the field. */
    public Text continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    public Text onChange(Consumer<String> listener) {
        observe("value", v -> listener.accept(String.valueOf(v)));
        return this;
    }

    @Override
    public String toString() {
        return "Text(value=" + value() + ")";
    }
}
