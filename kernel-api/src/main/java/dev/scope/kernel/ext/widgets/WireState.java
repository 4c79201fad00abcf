package dev.scope.kernel.ext.widgets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State as it goes over the wire: widgets become {@code "IPY_MODEL_<id>"} references (opening them first, so the
 * front end knows them when it reads the reference), byte arrays leave the state and travel as buffers, named by
 * their path.
 */
record WireState(Map<String, Object> state, List<List<Object>> bufferPaths, List<byte[]> buffers) {

    static WireState of(Map<String, Object> state) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<List<Object>> paths = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        for (Map.Entry<String, Object> e : state.entrySet()) {
            if (e.getValue() instanceof byte[] bytes) {
                paths.add(List.of(e.getKey()));
                buffers.add(bytes);
            } else {
                out.put(e.getKey(), json(e.getValue()));
            }
        }
        return new WireState(out, paths, buffers);
    }

    private static Object json(Object value) {
        if (value instanceof Widget w) {
            return Widget.reference(w);
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(item -> out.add(json(item)));
            return out;
        }
        return value;
    }
}
