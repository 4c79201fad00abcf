package dev.scope.kernel.ext.widgets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A button; {@link #onClick} listeners run when it is clicked in the front end (or {@link #click()} is called). */
public final class Button extends DOMWidget<Button> {

    private final Style style = Style.of("ButtonStyleModel");
    private final List<Runnable> clicks = new CopyOnWriteArrayList<>();

    public Button(String description) {
        super("ButtonModel", "ButtonView");
        init("description", description);
        init("button_style", "");
        init("icon", "");
        init("disabled", false);
        init("style", style);
    }

    public String description() {
        return stringValue("description");
    }

    public Button description(String text) {
        set("description", text);
        return this;
    }

    /** One of primary, success, info, warning, danger, or "" for the plain look. */
    public Button buttonStyle(String style) {
        if (!List.of("primary", "success", "info", "warning", "danger", "").contains(style)) {
            throw new IllegalArgumentException("Button style '" + style + "' is not one of primary, success, info, warning, danger or \"\".");
        }
        set("button_style", style);
        return this;
    }

    public Button disabled(boolean disabled) {
        set("disabled", disabled);
        return this;
    }

    public Style style() {
        return style;
    }

    public Button onClick(Runnable listener) {
        clicks.add(listener);
        return this;
    }

    /** Runs the click listeners, as a click in the front end does. */
    public void click() {
        clicks.forEach(Runnable::run);
    }

    @Override
    protected void custom(Map<String, Object> content) {
        if ("click".equals(content.get("event"))) {
            click();
        }
    }

    @Override
    public String toString() {
        return "Button(" + description() + ")";
    }
}
