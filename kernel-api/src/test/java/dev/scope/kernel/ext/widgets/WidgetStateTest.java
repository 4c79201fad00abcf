package dev.scope.kernel.ext.widgets;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state each widget starts with has exactly the attributes that ipywidgets 8's model specification
 * (packages/schema/jupyterwidgetmodels.latest.md) lists for its model, so front ends read what they expect.
 */
class WidgetStateTest {

    private static final Set<String> MODEL = Set.of("_model_module", "_model_module_version", "_model_name",
            "_view_module", "_view_module_version", "_view_name");
    private static final Set<String> DOM = union(MODEL, Set.of("_dom_classes", "layout", "tabbable", "tooltip"));
    private static final Set<String> DESCRIBED = union(DOM, Set.of("description", "description_allow_html", "disabled", "style"));

    @Test
    void attributesAreThoseOfTheSpecification() {
        assertAttributes(new IntSlider(), union(DESCRIBED, Set.of("behavior", "continuous_update", "max", "min",
                "orientation", "readout", "readout_format", "step", "value")));
        assertAttributes(new Dropdown("a"), union(DESCRIBED, Set.of("_options_labels", "index")));
        assertAttributes(new Text(), union(DESCRIBED, Set.of("continuous_update", "placeholder", "value")));
        assertAttributes(new Button("b"), union(DOM, Set.of("button_style", "description", "disabled", "icon", "style")));
        assertAttributes(new HBox(), union(DOM, Set.of("box_style", "children")));
        assertAttributes(new VBox(), union(DOM, Set.of("box_style", "children")));
        assertAttributes(new Image(), union(DOM, Set.of("format", "height", "value", "width")));
        assertAttributes(new Output(), union(DOM, Set.of("msg_id", "outputs")));
        assertAttributes(new HTML("<b>x</b>"), union(DOM, Set.of("description", "description_allow_html", "placeholder",
                "style", "value")));
        assertAttributes(new HTML("").style(), union(MODEL, Set.of("background", "description_width", "font_size", "text_color")));
        assertAttributes(new IntSlider().style(), union(MODEL, Set.of("description_width", "handle_color")));
        assertAttributes(new Dropdown().style(), union(MODEL, Set.of("description_width")));
        assertAttributes(new Text().style(), union(MODEL, Set.of("background", "description_width", "font_size", "text_color")));
        assertAttributes(new Button("b").style(), union(MODEL, Set.of("button_color", "font_family", "font_size",
                "font_style", "font_variant", "font_weight", "text_color", "text_decoration")));
    }

    @Test
    void modelsAndModulesAreWidgets8s() {
        Map<String, Object> slider = new IntSlider().state();
        assertEquals("IntSliderModel", slider.get("_model_name"));
        assertEquals("IntSliderView", slider.get("_view_name"));
        assertEquals("@jupyter-widgets/controls", slider.get("_model_module"));
        assertEquals("2.0.0", slider.get("_model_module_version"));
        Map<String, Object> layout = new IntSlider().layout().state();
        assertEquals("@jupyter-widgets/base", layout.get("_model_module"));
        assertEquals("LayoutView", layout.get("_view_name"));
        Map<String, Object> output = new Output().state();
        assertEquals("@jupyter-widgets/output", output.get("_model_module"));
        assertEquals("1.0.0", output.get("_view_module_version"));
        assertEquals("SliderStyleModel", new IntSlider().style().state().get("_model_name"));
        assertEquals("StyleView", new IntSlider().style().state().get("_view_name"));
        assertEquals("ButtonStyleModel", new Button("x").style().state().get("_model_name"));
    }

    @Test
    void withoutAKernelWidgetsWorkAsPlainObjects() {
        List<Integer> seen = new ArrayList<>();
        IntSlider slider = new IntSlider().range(2, 8).onChange(seen::add);
        slider.value(5).value(5).value(100).value(-3);
        assertEquals(List.of(5, 8, 2), seen, "clamped to the range, and no call when nothing changed");
        assertTrue(slider.modelId().length() >= 32, "a detached comm still gives an id");
        assertThrows(IllegalArgumentException.class, () -> slider.range(5, 1));
        Dropdown layer = new Dropdown("2", "11", "22").value("11");
        assertEquals(1, layer.index());
        assertThrows(IllegalArgumentException.class, () -> layer.value("23"));
        Image image = new Image().picture(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        assertEquals(0x89, image.value()[0] & 0xFF, "PNG bytes");
        VBox box = new VBox(new Text(), new Button("go"));
        assertEquals(2, box.children().size());
    }

    private static void assertAttributes(Widget widget, Set<String> expected) {
        assertEquals(new TreeSet<>(expected), new TreeSet<>(widget.state().keySet()), widget.getClass().getSimpleName());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
