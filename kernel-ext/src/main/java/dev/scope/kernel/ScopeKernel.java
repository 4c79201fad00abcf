package dev.scope.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.scope.kernel.magic.BuiltinMagics;
import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.CellOutcome;
import dev.scope.kernel.session.CommDelivery;
import dev.scope.kernel.session.Completion;
import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.wire.ConnectionInfo;
import dev.scope.kernel.wire.KernelSockets;
import dev.scope.kernel.wire.KernelSockets.Channel;
import dev.scope.kernel.wire.Messages;
import dev.scope.kernel.wire.WireMessage;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The Jupyter side of the kernel: answers the messaging protocol (5.3) around a {@link JavaSession}. Shell
 * messages are handled one at a time on the shell thread, control messages (interrupt, shutdown) on their own; each
 * is bracketed by busy and idle statuses and every reply carries a status. The session starts in the background,
 * so the kernel answers kernel_info at once and the first cell waits for the agent JVM.
 */
public final class ScopeKernel {

    static final String VERSION = "0.1.0";

    private final KernelSockets sockets;
    private final Messages messages = new Messages();
    private final Publisher publisher;
    private final History history;
    private final KernelComms comms;
    private final CompletableFuture<JavaSession> session;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CellRequests cells;
    private final Queue<WireMessage> deferred = new ConcurrentLinkedQueue<>();
    private volatile WireMessage parent;

    private ScopeKernel(KernelSockets sockets, Supplier<SessionOptions> options, History history) {
        this.sockets = sockets;
        this.publisher = new Publisher(sockets, messages);
        this.history = history;
        this.comms = new KernelComms(publisher, () -> parent);
        this.session = CompletableFuture.supplyAsync(() -> BuiltinMagics.install(JavaSession.start(options.get(), comms)));
        this.cells = new CellRequests(this);
    }

    /** Binds the sockets named in {@code info} and starts serving. */
    public static ScopeKernel start(ConnectionInfo info, Supplier<SessionOptions> options, History history) {
        ScopeKernel kernel = new ScopeKernel(KernelSockets.bind(info), options, history);
        kernel.publisher.status(null, "starting");
        kernel.sockets.serve(kernel::onShell, kernel::onControl);
        return kernel;
    }

    /** Ends the agent JVM with the kernel's (a shutdown hook, for a kernel stopped by a signal). */
    public void closeSession() {
        session.thenAccept(JavaSession::close);
    }

    /** Blocks until a shutdown_request has been answered, then closes the sockets. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
        sockets.close();
    }

    /** Handles a shell message, then any that an aborted run set aside. */
    private void onShell(WireMessage message) {
        handleShell(message);
        WireMessage next;
        while ((next = deferred.poll()) != null) {
            handleShell(next);
        }
    }

    /** A shell message read while aborting queued executions, to handle once the current one is done. */
    void handleLater(WireMessage message) {
        deferred.add(message);
    }

    private void handleShell(WireMessage message) {
        parent = message;
        publisher.status(message, "busy");
        try {
            switch (message.type()) {
                case "execute_request" -> cells.execute(message);
                case "kernel_info_request" -> reply(Channel.SHELL, message, "kernel_info_reply", kernelInfo());
                case "complete_request" -> reply(Channel.SHELL, message, "complete_reply", guarded(() -> complete(message)));
                case "inspect_request" -> reply(Channel.SHELL, message, "inspect_reply", guarded(() -> inspect(message)));
                case "is_complete_request" -> reply(Channel.SHELL, message, "is_complete_reply", isComplete(message));
                case "history_request" -> reply(Channel.SHELL, message, "history_reply", HistoryReplies.answer(history, message));
                case "comm_info_request" -> reply(Channel.SHELL, message, "comm_info_reply", commInfo(message));
                case "comm_open", "comm_msg", "comm_close" -> comm(message);
                case "shutdown_request" -> shutdown(Channel.SHELL, message);
                default -> System.err.println("scope kernel: ignored a message of unknown type " + message.type() + " on shell");
            }
        } finally {
            publisher.status(message, "idle");
        }
    }

    private void onControl(WireMessage message) {
        publisher.status(message, "busy");
        try {
            switch (message.type()) {
                case "interrupt_request" -> {
                    cells.interrupt();
                    session.thenAccept(JavaSession::interrupt);
                    reply(Channel.CONTROL, message, "interrupt_reply", ok());
                }
                case "shutdown_request" -> shutdown(Channel.CONTROL, message);
                case "kernel_info_request" -> reply(Channel.CONTROL, message, "kernel_info_reply", kernelInfo());
                default -> System.err.println("scope kernel: ignored a message of unknown type " + message.type() + " on control");
            }
        } finally {
            publisher.status(message, "idle");
        }
    }

    void reply(Channel channel, WireMessage request, String type, JsonObject content) {
        sockets.reply(channel, messages.reply(request, type, content));
    }

    Publisher publisher() {
        return publisher;
    }

    KernelSockets sockets() {
        return sockets;
    }

    Messages messages() {
        return messages;
    }

    History history() {
        return history;
    }

    /** The running session, or an exception whose message says why it could not start and what to do. */
    JavaSession session() {
        try {
            return session.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Java session to start.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("The Java session could not start (" + cause.getMessage()
                    + "); fix the cause and restart the kernel.", cause);
        }
    }

    static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }

    static JsonObject error(CellError error) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "error");
        content.addProperty("ename", error.name());
        content.addProperty("evalue", error.message());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        content.add("traceback", traceback);
        return content;
    }

    private JsonObject kernelInfo() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".java");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("nbconvert_exporter", "script");
        JsonObject help = new JsonObject();
        help.addProperty("text", "Java API");
        help.addProperty("url", "https://docs.oracle.com/en/java/javase/17/docs/api/");
        JsonArray links = new JsonArray();
        links.add(help);
        JsonObject content = ok();
        content.addProperty("protocol_version", Messages.PROTOCOL_VERSION);
        content.addProperty("implementation", "scope");
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", language);
        content.addProperty("banner", "Java " + Runtime.version() + " :: scope " + VERSION
                + " :: CLIP ViT-L scope sparse autoencoders; %lsmagic lists the magics");
        content.add("help_links", links);
        content.addProperty("debugger", false);
        return content;
    }

    private JsonObject complete(WireMessage message) {
        String code = message.string("code").orElse("");
        int cursor = (int) Math.min(code.length(), message.number("cursor_pos").orElse((long) code.length()));
        Completion completion = session().complete(code, cursor);
        JsonObject content = ok();
        JsonArray matches = new JsonArray();
        completion.candidates().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", completion.start());
        content.addProperty("cursor_end", completion.end());
        content.add("metadata", new JsonObject());
        return content;
    }

    private JsonObject inspect(WireMessage message) {
        String code = message.string("code").orElse("");
        int cursor = (int) Math.min(code.length(), message.number("cursor_pos").orElse((long) code.length()));
        String found = session().inspect(code, cursor).orElse(null);
        JsonObject content = ok();
        content.addProperty("found", found != null);
        JsonObject data = new JsonObject();
        if (found != null) {
            data.addProperty("text/plain", found);
        }
        content.add("data", data);
        content.add("metadata", new JsonObject());
        return content;
    }

    private JsonObject isComplete(WireMessage message) {
        String status;
        try {
            status = session().isComplete(message.string("code").orElse(""));
        } catch (RuntimeException e) {
            status = "unknown";
        }
        JsonObject content = new JsonObject();
        content.addProperty("status", status);
        if (status.equals("incomplete")) {
            content.addProperty("indent", "");
        }
        return content;
    }

    private JsonObject commInfo(WireMessage message) {
        JsonObject found = new JsonObject();
        comms.open(message.string("target_name").orElse(null)).forEach((id, target) -> {
            JsonObject entry = new JsonObject();
            entry.addProperty("target_name", target);
            found.add(id, entry);
        });
        JsonObject content = ok();
        content.add("comms", found);
        return content;
    }

    /** A comm message from the front end: delivered to the agent, whose listener runs before the kernel goes idle. */
    @SuppressWarnings("unchecked")
    private void comm(WireMessage message) {
        String id = message.string("comm_id").orElse("");
        String kind = message.type();
        if (kind.equals("comm_open")) {
            comms.openedByFrontEnd(id, message.string("target_name").orElse(""));
        } else if (!comms.isOpen(id)) {
            System.err.println("scope kernel: ignored a " + kind + " for comm " + id + ", which is not open");
            return;
        }
        if (kind.equals("comm_close")) {
            comms.closedByFrontEnd(id);
        }
        Map<String, Object> data = message.content().has("data") && message.content().get("data").isJsonObject()
                ? KernelComms.GSON.fromJson(message.content().get("data"), Map.class) : Map.of();
        JupyterCellListener listener = new JupyterCellListener(publisher, sockets, messages, message, false);
        try {
            session().deliver(new CommDelivery(kind, id, message.string("target_name").orElse(null), data,
                    message.buffers()), listener);
        } catch (RuntimeException e) {
            System.err.println("scope kernel: " + kind + " for comm " + id + " was not delivered: " + e.getMessage());
        } finally {
            listener.close();
        }
    }

    private void shutdown(Channel channel, WireMessage message) {
        JsonObject content = ok();
        content.addProperty("restart", message.flag("restart", false));
        reply(channel, message, "shutdown_reply", content);
        session.thenAccept(JavaSession::close);
        sockets.stop();
        stopped.countDown();
    }

    private JsonObject guarded(Supplier<JsonObject> answer) {
        try {
            return answer.get();
        } catch (RuntimeException e) {
            return error(CellError.oneLine("KernelError", String.valueOf(e.getMessage())));
        }
    }
}
