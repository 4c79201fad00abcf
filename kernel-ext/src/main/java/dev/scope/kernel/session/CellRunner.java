package dev.scope.kernel.session;

import dev.scope.kernel.agent.Frames.Frame;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.MimeBundle;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import javax.lang.model.SourceVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one cell: resolves magics as their statements come up, evaluates snippet by snippet, stops
 * at the first error, and renders the value of the last snippet that has one.
 */
final class CellRunner implements AgentCalls {

    private static final Pattern VAR_DECLARATION = Pattern.compile("\\bvar\\s+\\w+\\s*=\\s*$");
    private static final Pattern STANDALONE = Pattern.compile("__scope_magic_(\\d+)__;*");
    private static final Set<String> PLAIN_TYPES = Set.of("int", "long", "short", "byte", "double", "float",
            "boolean", "char", "Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean", "Character");
    private static final Set<String> PRIMITIVES = Set.of("int", "long", "short", "byte", "double", "float", "boolean",
            "char");
    private static final long REPLY_TIMEOUT_MS = 30_000;

    /** A value produced in the kernel JVM by a built-in magic. */
    private record KernelValue(Object value) {
    }

    private final SessionOutput output;
    private final SessionMagics magics;
    private final BooleanSupplier aborted;
    private final SnippetOrigins origins = new SnippetOrigins();
    /** The {@code $N} variables of object type JShell made of this cell's expressions, still holding their value. */
    private final List<String> temporaries = new ArrayList<>();
    private AgentShell shell;
    private int cell;
    private int line;
    private int nextSlot;

    CellRunner(SessionOutput output, SessionMagics magics, BooleanSupplier aborted) {
        this.output = output;
        this.magics = magics;
        this.aborted = aborted;
    }

    /**
     * Runs the cell. JShell keeps the value of every expression in a {@code $N} variable for the rest of the
     * session; the kernel never names them, so they are set to null once the cell has shown its value: otherwise
     * each cell ending in {@code %scope forward x.png} would keep its result (pixels, crop, residual stream) for good.
     */
    CellOutcome run(AgentShell agent, int cellNumber, String source) {
        shell = agent;
        cell = cellNumber;
        line = 1;
        try {
            return runCell(source);
        } finally {
            releaseTemporaries();
        }
    }

    private CellOutcome runCell(String source) {
        ParsedCell parsed = MagicSyntax.parse(source);
        if (parsed.cellMagic().isPresent()) {
            MagicCall call = parsed.cellMagic().get();
            Object value = runMagic(call, () -> magics.evalCell(call.name(), call.args(), parsed.cellBody()));
            return render(value instanceof AgentValue v ? evalSnippet(v.takeExpression()) : new KernelValue(value));
        }
        Object last = null;
        for (SourceSnippet snippet : CellSplitter.split(parsed.java(), shell.jshell().sourceCodeAnalysis())) {
            checkAborted();
            if (snippet.isTrivial()) {
                continue;
            }
            line = lineOf(parsed.java(), snippet.offset());
            Matcher standalone = STANDALONE.matcher(snippet.code().strip());
            if (standalone.matches()) {
                Object value = lineMagic(parsed, Integer.parseInt(standalone.group(1)));
                last = value instanceof AgentValue v ? evalSnippet(v.takeExpression()) : new KernelValue(value);
            } else {
                last = evalSnippet(substitute(parsed, snippet.code()));
            }
        }
        return render(last);
    }

    @Override
    public AgentValue runLine(String name, List<String> args) {
        int slot = nextSlot++;
        return evalForSlot(slot, "dev.scope.kernel.agent.MagicRunner.line(" + slot + ", " + JavaLiteral.string(name)
                + ", " + JavaLiteral.stringArray(args) + captures(args) + ");");
    }

    @Override
    public AgentValue runCell(String name, List<String> args, String body) {
        int slot = nextSlot++;
        return evalForSlot(slot, "dev.scope.kernel.agent.MagicRunner.cell(" + slot + ", " + JavaLiteral.string(name)
                + ", " + JavaLiteral.stringArray(args) + ", " + JavaLiteral.string(body) + captures(args) + ");");
    }

    private AgentValue evalForSlot(int slot, String code) {
        output.clearReplies();
        evalSnippet(code);
        Frame reply = awaitReply();
        if (reply == null) {
            throw new CellFailure(CellError.oneLine("MagicError", "The magic did not report a result; see its output above."));
        }
        return reply.value() == null ? null : new AgentValue(slot, (String) reply.value());
    }

    /** Session variables named by the magic's arguments, passed along as name/value pairs. */
    private String captures(List<String> args) {
        Set<String> variables = shell.variableNames();
        StringBuilder out = new StringBuilder();
        for (String arg : new LinkedHashSet<>(args)) {
            if (SourceVersion.isIdentifier(arg) && !SourceVersion.isKeyword(arg) && variables.contains(arg)) {
                out.append(", ").append(JavaLiteral.string(arg)).append(", ").append(arg);
            }
        }
        return out.toString();
    }

    private Object lineMagic(ParsedCell parsed, int index) {
        MagicCall call = parsed.lineMagics().get(index);
        return runMagic(call, () -> magics.evalLine(call.name(), call.args()));
    }

    private Object runMagic(MagicCall call, Callable<Object> magic) {
        try {
            return magic.call();
        } catch (CellFailure | CellAborted e) {
            throw e;
        } catch (MagicException e) {
            throw new CellFailure(CellError.oneLine("MagicError", e.getMessage()));
        } catch (Exception e) {
            String message = call.source() + " failed: " + e;
            throw new CellFailure(new CellError(e.getClass().getName(), String.valueOf(e.getMessage()), List.of(message)));
        }
    }

    /** Replaces the placeholders of magics used inside a statement by Java expressions. */
    private String substitute(ParsedCell parsed, String code) {
        Matcher m = MagicSyntax.placeholders(code);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            MagicCall call = parsed.lineMagics().get(Integer.parseInt(m.group(1)));
            Object value = lineMagic(parsed, Integer.parseInt(m.group(1)));
            String expression;
            if (value instanceof AgentValue v) {
                expression = v.takeExpression();
            } else if (value == null && VAR_DECLARATION.matcher(code.substring(0, m.start())).find()) {
                expression = "(Object) null";
            } else {
                expression = JavaLiteral.of(value);
                if (expression == null) {
                    throw new CellFailure(CellError.oneLine("MagicError", call.source() + " gives a "
                            + value.getClass().getSimpleName() + ", which cannot be used in Java code; put the magic on a line of its own."));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(expression));
        }
        m.appendTail(out);
        return out.toString();
    }

    private SnippetEvent evalSnippet(String code) {
        List<SnippetEvent> events;
        try {
            events = shell.jshell().eval(code);
        } catch (IllegalStateException closed) {
            throw new CellAborted();
        }
        checkAborted();
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
        if (main == null) {
            return null;
        }
        origins.record(main.snippet().id(), cell, line);
        if (main.snippet() instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                && main.status().isDefined() && !PRIMITIVES.contains(v.typeName())) {
            temporaries.add(v.name());
        }
        switch (main.status()) {
            case REJECTED -> throw new CellFailure(ErrorFormats.compile(code,
                    shell.jshell().diagnostics(main.snippet()).toList(), cell, line));
            case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> noteUnresolved(main.snippet());
            default -> {
            }
        }
        if (main.exception() != null) {
            throw new CellFailure(runtimeError(main.exception()));
        }
        return main;
    }

    private CellError runtimeError(JShellException exception) {
        if (exception instanceof EvalException e) {
            return ErrorFormats.runtime(e, origins);
        }
        if (exception instanceof UnresolvedReferenceException e) {
            DeclarationSnippet snippet = e.getSnippet();
            String missing = String.join(", ", shell.jshell().unresolvedDependencies(snippet).toList());
            return CellError.oneLine("UnresolvedReference", "Cannot use " + snippet.name()
                    + " until " + missing + " is declared; declare it in a cell and run this again.");
        }
        return CellError.oneLine(exception.getClass().getSimpleName(), String.valueOf(exception.getMessage()));
    }

    /** Sets the temporaries still holding a value to null, in one snippet. */
    private void releaseTemporaries() {
        if (temporaries.isEmpty()) {
            return;
        }
        StringBuilder code = new StringBuilder("{");
        temporaries.forEach(name -> code.append(' ').append(name).append(" = null;"));
        temporaries.clear();
        try {
            shell.jshell().eval(code.append(" }").toString());
        } catch (IllegalStateException closed) {
            // the agent is gone, and its values with it
        }
    }

    private void noteUnresolved(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            List<String> missing = shell.jshell().unresolvedDependencies(declaration).toList();
            if (!missing.isEmpty()) {
                output.note("Note: " + declaration.name() + " cannot be used until "
                        + String.join(", ", missing) + " is declared.\n");
            }
        }
    }

    private CellOutcome render(Object last) {
        if (last instanceof KernelValue k) {
            if (k.value() == null) {
                return new CellOutcome.Nothing();
            }
            return new CellOutcome.Value(k.value() instanceof MimeBundle b ? b : MimeBundle.text(String.valueOf(k.value())));
        }
        if (!(last instanceof SnippetEvent event)) {
            return new CellOutcome.Nothing();
        }
        Optional<String> name = valueName(event.snippet());
        if (name.isEmpty()) {
            return new CellOutcome.Nothing();
        }
        if (PLAIN_TYPES.contains(typeName(event.snippet())) || event.value() == null) {
            return new CellOutcome.Value(MimeBundle.text(String.valueOf(event.value())));
        }
        output.clearReplies();
        String emit = "dev.scope.kernel.agent.Agent.emitResult(" + name.get() + ");";
        // a temporary is released in the same snippet that shows it: no second compilation
        evalSnippet(temporaries.remove(name.get()) ? "{ " + emit + " " + name.get() + " = null; }" : emit);
        Frame result = awaitReply();
        MimeBundle bundle = result != null && "result".equals(result.kind())
                ? SessionOutput.bundle(result) : MimeBundle.text(event.value());
        return bundle.data().isEmpty() ? new CellOutcome.Nothing() : new CellOutcome.Value(bundle);
    }

    private static Optional<String> valueName(Snippet snippet) {
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return Optional.of(v.name());
        }
        if (snippet instanceof ExpressionSnippet e && e.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return Optional.of(e.name());
        }
        return Optional.empty();
    }

    private static String typeName(Snippet snippet) {
        if (snippet instanceof VarSnippet v) {
            return v.typeName();
        }
        return snippet instanceof ExpressionSnippet e ? e.typeName() : "";
    }

    private Frame awaitReply() {
        try {
            Frame reply = output.awaitReply(REPLY_TIMEOUT_MS);
            checkAborted();
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellAborted();
        }
    }

    private void checkAborted() {
        if (aborted.getAsBoolean()) {
            throw new CellAborted();
        }
    }

    private static int lineOf(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
