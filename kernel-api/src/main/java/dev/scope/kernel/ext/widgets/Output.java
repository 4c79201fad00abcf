package dev.scope.kernel.ext.widgets;

import dev.scope.kernel.ext.KernelHost;
import dev.scope.kernel.ext.MimeBundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An area of outputs inside a widget layout: displays and text that Java code puts there, replaced or cleared
 * at will (the way a panel in an explorer redraws).
 */
public final class Output extends DOMWidget<Output> {

    private static final String MODULE = "@jupyter-widgets/output";

    public Output() {
        super(MODULE, "1.0.0", "OutputModel", "OutputView");
        init("msg_id", "");
        init("outputs", List.of());
    }

    /** Adds the rich rendering of {@code value} (an image, a chart, a table...) below what is there. */
    public Output display(Object value) {
        MimeBundle bundle = KernelHost.current().render(value);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "display_data");
        output.put("data", bundle.data());
        output.put("metadata", bundle.metadata());
        return add(output);
    }

    /** Adds text as standard output does. */
    public Output appendStdout(String text) {
        List<Map<String, Object>> now = outputs();
        if (!now.isEmpty() && "stream".equals(now.get(now.size() - 1).get("output_type"))) {
            Map<String, Object> last = new LinkedHashMap<>(now.get(now.size() - 1));
            last.put("text", last.get("text") + text);
            List<Map<String, Object>> next = new ArrayList<>(now.subList(0, now.size() - 1));
            next.add(last);
            set("outputs", List.copyOf(next));
            return this;
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "stream");
        output.put("name", "stdout");
        output.put("text", text);
        return add(output);
    }

    /** Replaces everything shown with the rendering of {@code value}. */
    public Output show(Object value) {
        set("outputs", List.of());
        return display(value);
    }

    public Output clear() {
        set("outputs", List.of());
        return this;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> outputs() {
        return (List<Map<String, Object>>) get("outputs");
    }

    @Override
    protected boolean frontEndMayChange(String name) {
        return name.equals("outputs") || super.frontEndMayChange(name);
    }

    private Output add(Map<String, Object> output) {
        List<Map<String, Object>> next = new ArrayList<>(outputs());
        next.add(output);
        set("outputs", List.copyOf(next));
        return this;
    }

    @Override
    public String toString() {
        return "Output(" + outputs().size() + " outputs)";
    }
}
