package dev.scope.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.scope.kernel.wire.WireMessage;

import java.util.List;

/** history_request: tail, range and search, answered from this kernel's {@link History}. */
final class HistoryReplies {

    private HistoryReplies() {
    }

    static JsonObject answer(History history, WireMessage request) {
        String access = request.string("hist_access_type").orElse("tail");
        int n = (int) (long) request.number("n").orElse(10L);
        List<History.Entry> entries = switch (access) {
            case "range" -> history.range((int) (long) request.number("session").orElse(0L),
                    (int) (long) request.number("start").orElse(1L), (int) (long) request.number("stop").orElse(0L));
            case "search" -> history.search(request.string("pattern").orElse("*"),
                    (int) (long) request.number("n").orElse(0L), request.flag("unique", false));
            default -> history.tail(n);
        };
        boolean output = request.flag("output", false);
        JsonArray rows = new JsonArray();
        for (History.Entry e : entries) {
            JsonArray row = new JsonArray();
            row.add(e.session());
            row.add(e.line());
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(e.input());
                pair.add(e.output() == null ? JsonNull.INSTANCE : (JsonElement) new com.google.gson.JsonPrimitive(e.output()));
                row.add(pair);
            } else {
                row.add(e.input());
            }
            rows.add(row);
        }
        JsonObject content = ScopeKernel.ok();
        content.add("history", rows);
        return content;
    }
}
