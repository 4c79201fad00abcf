package dev.scope.kernel.ext.widgets;

import java.util.List;

/** A widget's style model: description width, handle and button colours, depending on the control. */
public final class Style extends Widget {

    private Style(String modelName, List<String> nullable, boolean describes) {
        super(CONTROLS, MODULE_VERSION, modelName, BASE, "StyleView");
        if (describes) {
            init("description_width", "");
        }
        nullable.forEach(name -> init(name, null));
    }

    static Style of(String modelName) {
        return switch (modelName) {
            case "SliderStyleModel" -> new Style(modelName, List.of("handle_color"), true);
            case "TextStyleModel", "HTMLStyleModel" ->
                    new Style(modelName, List.of("background", "font_size", "text_color"), true);
            case "ButtonStyleModel" -> new Style(modelName, List.of("button_color", "font_family", "font_size",
                    "font_style", "font_variant", "font_weight", "text_color", "text_decoration"), false);
            default -> new Style(modelName, List.of(), true);
        };
    }

    /** Sets a style attribute as the front end names it, e.g. {@code css("description_width", "120px")}. */
    public Style css(String attribute, String value) {
        set(attribute, value);
        return this;
    }
}
