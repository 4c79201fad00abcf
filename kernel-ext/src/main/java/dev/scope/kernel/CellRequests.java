package dev.scope.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.CellOutcome;
import dev.scope.kernel.wire.KernelSockets.Channel;
import dev.scope.kernel.wire.WireMessage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * execute_request: runs the cell, publishes its input, outputs and result, replies, records it in the history; a
 * cell that fails with {@code stop_on_error} aborts the executions already queued behind it, as "Run All" expects.
 * {@code name?} on a line of its own pages the documentation of {@code name}, as in IPython.
 */
final class CellRequests {

    private static final Pattern PAGE = Pattern.compile("\\s*([\\w$.]+(?:\\(\\))?)\\?\\s*");

    private final ScopeKernel kernel;
    private volatile JupyterCellListener running;
    private int nextCount = 1;

    CellRequests(ScopeKernel kernel) {
        this.kernel = kernel;
    }

    /** Stops waiting for input for the running cell (the interrupt itself goes to the session). */
    void interrupt() {
        JupyterCellListener current = running;
        if (current != null) {
            current.cancelInput();
        }
    }

    void execute(WireMessage request) {
        String code = request.string("code").orElse("");
        boolean silent = request.flag("silent", false);
        boolean store = request.flag("store_history", true) && !silent;
        int count = store ? nextCount++ : nextCount - 1;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            kernel.publisher().publish(request, "execute_input", input);
        }
        JupyterCellListener listener = new JupyterCellListener(kernel.publisher(), kernel.sockets(), kernel.messages(),
                request, request.flag("allow_stdin", true));
        running = listener;
        JsonArray payload = new JsonArray();
        CellOutcome outcome;
        try {
            Matcher page = PAGE.matcher(code);
            outcome = page.matches() ? page(page.group(1), payload) : kernel.session().run(count, code, listener);
        } catch (RuntimeException e) {
            outcome = new CellOutcome.Failed(CellError.oneLine("KernelError", String.valueOf(e.getMessage())));
        } finally {
            running = null;
        }
        Optional<MimeBundle> value = outcome.shownValue();
        if (value.isPresent() && !silent) {
            JsonObject result = JupyterCellListener.bundle(value.get());
            result.addProperty("execution_count", count);
            kernel.publisher().publish(request, "execute_result", result);
        }
        JsonObject reply;
        if (outcome instanceof CellOutcome.Failed failed) {
            reply = ScopeKernel.error(failed.error());
            kernel.publisher().publish(request, "error", withoutStatus(reply));
        } else {
            reply = ScopeKernel.ok();
            reply.add("payload", payload);
            reply.add("user_expressions", new JsonObject());
        }
        reply.addProperty("execution_count", count);
        listener.close();
        kernel.reply(Channel.SHELL, request, "execute_reply", reply);
        if (store) {
            kernel.history().record(count, code, value.map(MimeBundle::textPlain).orElse(null));
        }
        if (outcome instanceof CellOutcome.Failed && request.flag("stop_on_error", true)) {
            abortQueued();
        }
    }

    /** Replies "aborted" to the executions waiting on shell; anything else waiting is handled as usual. */
    private void abortQueued() {
        for (WireMessage queued : kernel.sockets().queuedShellMessages()) {
            if (!queued.type().equals("execute_request")) {
                kernel.handleLater(queued);
                continue;
            }
            kernel.publisher().status(queued, "busy");
            JsonObject aborted = new JsonObject();
            aborted.addProperty("status", "aborted");
            aborted.addProperty("execution_count", nextCount - 1);
            kernel.reply(Channel.SHELL, queued, "execute_reply", aborted);
            kernel.publisher().status(queued, "idle");
        }
    }

    /** The documentation of {@code name} as a pager payload, as IPython's {@code name?} gives it. */
    private CellOutcome page(String name, JsonArray payload) {
        String bare = name.endsWith("()") ? name.substring(0, name.length() - 2) : name;
        String call = bare + "(";
        String doc = kernel.session().inspect(bare, bare.length())
                .or(() -> kernel.session().inspect(call, call.length()))
                .orElse("No documentation found for " + name + ".");
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", doc);
        JsonObject page = new JsonObject();
        page.addProperty("source", "page");
        page.add("data", data);
        page.addProperty("start", 0);
        payload.add(page);
        return new CellOutcome.Nothing();
    }

    private static JsonObject withoutStatus(JsonObject reply) {
        JsonObject copy = reply.deepCopy();
        copy.remove("status");
        return copy;
    }
}
