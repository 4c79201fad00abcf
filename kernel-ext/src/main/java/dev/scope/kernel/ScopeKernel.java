package dev.scope.kernel;

import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.CellOutcome;
import dev.scope.kernel.session.Completion;
import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionOptions;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The Jupyter side of the kernel: JJava's protocol handling around a {@link JavaSession}. The
 * session starts in the background, so the kernel answers kernel_info at once and the first cell
 * waits for the agent JVM.
 */
public final class ScopeKernel extends BaseKernel {

    static final String VERSION = "0.1.0";

    private final CompletableFuture<JavaSession> session;

    private ScopeKernel(MagicsRegistry registry, Supplier<SessionOptions> options) {
        super("scope", VERSION, languageInfo(), List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, registry,
                false, new StringStyler.Builder().build());
        this.session = CompletableFuture.supplyAsync(() -> JavaSession.start(options.get(), registry));
    }

    public static ScopeKernel start(Supplier<SessionOptions> options) {
        return new ScopeKernel(new MagicsRegistry(), options);
    }

    static LanguageInfo languageInfo() {
        return new LanguageInfo("java", Runtime.version().toString(), "text/x-java", ".java", "java", "text/x-java", "script");
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        JupyterCellListener listener = new JupyterCellListener(env);
        CellOutcome outcome;
        try {
            outcome = session().run(count, request.getCode(), listener);
        } catch (RuntimeException e) {
            outcome = new CellOutcome.Failed(CellError.oneLine("KernelError", e.getMessage()));
        } finally {
            listener.close();
        }
        if (outcome instanceof CellOutcome.Value value) {
            env.publish(new PublishExecuteResult(count, JupyterCellListener.displayData(value.bundle())));
        }
        if (outcome instanceof CellOutcome.Failed failed) {
            CellError error = failed.error();
            env.publish(new PublishError(error.name(), error.message(), error.traceback()));
            ErrorReply reply = new ErrorReply(error.name(), error.message(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } else {
            env.defer().reply(new ExecuteReply(count, Map.of()));
        }
    }

    /** JJava's programmatic eval; cells themselves go through {@link #handleExecuteRequest}. */
    @Override
    public Object evalRaw(String source) {
        CellOutcome outcome = session().run(executionCount.get(), source, new JupyterIoListener(io));
        if (outcome instanceof CellOutcome.Failed failed) {
            throw new IllegalStateException(failed.error().message());
        }
        return outcome.shownValue().map(JupyterCellListener::displayData).orElse(null);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return session().inspect(code, at).map(DisplayData::new).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completion completion = session().complete(code, at);
        return new ReplacementOptions(completion.candidates(), completion.start(), completion.end());
    }

    @Override
    public String isComplete(String code) {
        return switch (session().isComplete(code)) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            case "incomplete" -> "";
            default -> IS_COMPLETE_MAYBE;
        };
    }

    @Override
    public void interrupt() {
        session.thenAccept(JavaSession::interrupt);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        session.thenAccept(JavaSession::close);
        super.onShutdown(isRestarting);
    }

    private JavaSession session() {
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
}
