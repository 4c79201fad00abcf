package dev.scope.kernel.widgets;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CommDelivery;
import dev.scope.kernel.testkit.CellResult;
import dev.scope.kernel.testkit.CommEvent;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Widgets made in cells, synced with a front end played by the test: the @jupyter-widgets protocol 2.1.0. */
class WidgetCommsTest {

    private static KernelTestKit kit;

    @BeforeAll
    static void start() {
        kit = KernelTestKit.start();
        kit.execOk("import dev.scope.kernel.ext.widgets.*;");
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void aShownSliderOpensItsLayoutAndStyleFirstThenItself() {
        int before = kit.commEvents().size();
        MimeBundle shown = kit.execRendered("var slider = new IntSlider().range(0, 40).value(5).description(\"latent\");\nslider");
        List<CommEvent> opened = kit.commEvents().subList(before, kit.commEvents().size());
        assertEquals(List.of("LayoutModel", "SliderStyleModel", "IntSliderModel"),
                opened.stream().map(e -> state(e).get("_model_name")).toList());
        opened.forEach(e -> assertEquals("jupyter.widget", e.target()));
        Map<String, Object> slider = state(opened.get(2));
        assertEquals("IPY_MODEL_" + opened.get(0).commId(), slider.get("layout"));
        assertEquals("IPY_MODEL_" + opened.get(1).commId(), slider.get("style"));
        assertEquals(5L, slider.get("value"));
        assertEquals(40L, slider.get("max"));
        assertEquals("@jupyter-widgets/controls", slider.get("_model_module"));
        assertEquals("2.0.0", slider.get("_model_module_version"));
        Map<?, ?> view = (Map<?, ?>) shown.data().get("application/vnd.jupyter.widget-view+json");
        assertEquals(opened.get(2).commId(), view.get("model_id"));
        assertEquals(2L, view.get("version_major"));
        assertEquals("IntSlider(value=5, min=0, max=40)", shown.textPlain());
    }

    @Test
    void frontEndChangesReachJavaListenersAndJavaChangesReachTheFrontEnd() {
        kit.execOk("var s2 = new IntSlider().max(10);\ns2.onChange(v -> System.out.println(\"java saw \" + v));\ndisplay(s2);");
        String id = kit.execText("s2.modelId()");
        CellResult listener = kit.deliver(update(id, Map.of("value", 7)));
        assertEquals("java saw 7\n", listener.stdout());
        assertEquals("7", kit.execText("s2.value()"));
        int before = kit.commEvents().size();
        CellResult set = kit.execOk("s2.value(99);");
        assertEquals("java saw 10\n", set.stdout(), "the value is kept inside the range");
        CommEvent sent = kit.commEvents().get(before);
        assertEquals("comm_msg", sent.kind());
        assertEquals(Map.of("method", "update", "state", Map.of("value", 10L), "buffer_paths", List.of()), sent.data());
        assertEquals("", kit.deliver(update(id, Map.of("value", 10))).stdout(), "no change, no listener call");
        int beforeRequest = kit.commEvents().size();
        kit.deliver(new CommDelivery("comm_msg", id, null, Map.of("method", "request_state"), List.of()));
        Map<?, ?> full = (Map<?, ?>) kit.commEvents().get(beforeRequest).data().get("state");
        assertEquals(10L, full.get("value"), "a reloading front end gets the whole state back");
        assertTrue(full.containsKey("layout") && full.containsKey("_view_name"), full.toString());
        kit.deliver(update(id, Map.of("layout", "IPY_MODEL_forged", "_model_name", "Other")));
        assertEquals("IntSliderModel", kit.execText("s2.get(\"_model_name\")"), "the front end cannot rewrite references");
    }

    @Test
    void buttonsClickDropdownsChooseImagesCarryBytes() {
        kit.execOk("var clicks = new java.util.concurrent.atomic.AtomicInteger();\n"
                + "var button = new Button(\"go\").onClick(clicks::incrementAndGet);\ndisplay(button);\n"
                + "var layer = new Dropdown(\"2\", \"11\", \"22\");\nlayer.onChange(l -> System.out.println(\"layer \" + l));\ndisplay(layer);");
        kit.deliver(custom(kit.execText("button.modelId()"), Map.of("event", "click")));
        assertEquals("1", kit.execText("clicks.get()"));
        assertEquals("layer 22\n", kit.deliver(update(kit.execText("layer.modelId()"), Map.of("index", 2))).stdout());
        assertEquals("22", kit.execText("layer.value()"));

        int before = kit.commEvents().size();
        kit.execOk("var picture = Image.png(new byte[]{(byte) 0x89, 'P', 'N', 'G'});\ndisplay(picture);");
        CommEvent image = kit.commEvents().stream().skip(before)
                .filter(e -> "ImageModel".equals(state(e).get("_model_name"))).findFirst().orElseThrow();
        assertEquals(List.of(List.of("value")), image.data().get("buffer_paths"));
        assertTrue(!state(image).containsKey("value"), "bytes travel as a buffer, not in the JSON");
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, image.buffers().get(0));
    }

    @Test
    void outputWidgetsHoldRenderedOutputs() {
        kit.execOk("var out = new Output();\ndisplay(out);\nout.appendStdout(\"a\").appendStdout(\"b\").display(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));");
        assertEquals("2", kit.execText("out.outputs().size()"));
        assertEquals("ab", kit.execText("out.outputs().get(0).get(\"text\")"));
        assertTrue(kit.execText("((Map<?, ?>) out.outputs().get(1).get(\"data\")).keySet()").contains("image/png"));
    }

    @Test
    void theControlCommAnswersWithEveryWidgetsState() {
        kit.execOk("display(new VBox(new Text().value(\"typed\"), new Button(\"b\")));");
        CellResult opened = kit.deliver(new CommDelivery("comm_open", "control-1", "jupyter.widget.control", Map.of(), List.of()));
        assertEquals("", opened.stderr());
        int before = kit.commEvents().size();
        kit.deliver(new CommDelivery("comm_msg", "control-1", null, Map.of("method", "request_states"), List.of()));
        CommEvent reply = kit.commEvents().get(before);
        assertEquals("control-1", reply.commId());
        assertEquals("update_states", reply.data().get("method"));
        Map<?, ?> states = (Map<?, ?>) reply.data().get("states");
        assertTrue(states.values().stream().anyMatch(s -> "typed".equals(((Map<?, ?>) ((Map<?, ?>) s).get("state")).get("value"))));
        assertTrue(states.values().stream().allMatch(s -> ((Map<?, ?>) s).containsKey("model_module_version")));
        assertEquals(kit.execText("Widgets.openCount()"), String.valueOf(states.size()));
    }

    @Test
    void aCommToAnUnknownTargetIsClosedAtOnce() {
        int before = kit.commEvents().size();
        kit.deliver(new CommDelivery("comm_open", "stray-1", "no.such.target", Map.of(), List.of()));
        CommEvent closed = kit.commEvents().get(before);
        assertEquals("comm_close", closed.kind());
        assertEquals("stray-1", closed.commId());
    }

    @Test
    void aFailingListenerPrintsOneLineAndTheNextCellRuns() {
        kit.execOk("var bad = new Text();\nbad.onChange(v -> { throw new IllegalStateException(\"listener broke\"); });\ndisplay(bad);");
        CellResult result = kit.deliver(update(kit.execText("bad.modelId()"), Map.of("value", "x")));
        assertEquals("A comm listener failed on comm_msg: java.lang.IllegalStateException: listener broke\n", result.stderr());
        assertEquals("2", kit.execText("1 + 1"));
    }

    private static CommDelivery update(String id, Map<String, Object> state) {
        return new CommDelivery("comm_msg", id, null, Map.of("method", "update", "state", state, "buffer_paths", List.of()), List.of());
    }

    private static CommDelivery custom(String id, Map<String, Object> content) {
        return new CommDelivery("comm_msg", id, null, Map.of("method", "custom", "content", content), List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(CommEvent event) {
        return (Map<String, Object>) event.data().get("state");
    }
}
