package dev.scope.kernel.session;

import dev.scope.kernel.ext.MagicException;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns JShell's compile diagnostics and remote exceptions into Jupyter error outputs. */
final class ErrorFormats {

    private static final int MAX_DIAGNOSTICS = 5;
    private static final int MAX_CAUSES = 10;

    private ErrorFormats() {
    }

    /** Shows the offending line of the snippet with carets under the bad part, per diagnostic. */
    static CellError compile(String code, List<Diag> diagnostics, int cell, int firstLine) {
        List<String> lines = new ArrayList<>();
        String first = null;
        int shown = 0;
        for (Diag diag : diagnostics) {
            if (!diag.isError() || shown++ >= MAX_DIAGNOSTICS) {
                continue;
            }
            String message = cleanMessage(diag.getMessage(Locale.ROOT));
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            long start = diag.getStartPosition();
            if (start >= 0 && start <= code.length()) {
                int lineStart = code.lastIndexOf('\n', (int) Math.max(0, start - 1)) + 1;
                if (start == 0) {
                    lineStart = 0;
                }
                int lineEnd = code.indexOf('\n', (int) start);
                lineEnd = lineEnd < 0 ? code.length() : lineEnd;
                int lineIndex = (int) code.substring(0, lineStart).chars().filter(c -> c == '\n').count();
                long end = Math.max(start + 1, Math.min(diag.getEndPosition(), lineEnd));
                lines.add("Compile error in [" + cell + "] line " + (firstLine + lineIndex) + ":");
                lines.add("    " + code.substring(lineStart, lineEnd));
                lines.add("    " + " ".repeat((int) start - lineStart) + "^".repeat((int) (end - start)));
            } else {
                lines.add("Compile error in [" + cell + "]:");
                code.lines().forEach(l -> lines.add("    " + l));
            }
            message.lines().forEach(lines::add);
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add("Compile error in [" + cell + "]: " + first);
        }
        return new CellError("CompileError", first, lines);
    }

    /** The exception and its causes with the user's own frames, naming cells instead of snippets. */
    static CellError runtime(EvalException e, SnippetOrigins origins) {
        String name = e.getExceptionClassName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (MagicException.class.getName().equals(name)) {
            return CellError.oneLine("MagicError", message);
        }
        if (isMagicException(name)) {
            // a named usage error of an extension (e.g. UnknownFlagException): its name, and its one line
            return CellError.oneLine(name.substring(name.lastIndexOf('.') + 1), message);
        }
        List<String> lines = new ArrayList<>();
        Throwable current = e;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            String className = current instanceof EvalException ee ? ee.getExceptionClassName() : current.getClass().getName();
            String text = current.getMessage() == null ? className : className + ": " + current.getMessage();
            lines.add(depth == 0 ? text : "Caused by: " + text);
            for (StackTraceElement frame : current.getStackTrace()) {
                if (!frame.getClassName().startsWith("dev.scope.kernel.agent.")) {
                    lines.add("    at " + frame(frame, origins));
                }
            }
            current = current.getCause();
        }
        return new CellError(name, message, lines);
    }

    /** Whether the agent's exception class is a MagicException subclass; the kernel shares the agent's classpath. */
    static boolean isMagicException(String className) {
        try {
            return MagicException.class.isAssignableFrom(Class.forName(className, false, ErrorFormats.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String frame(StackTraceElement frame, SnippetOrigins origins) {
        String where = origins.describe(frame.getFileName(), frame.getLineNumber());
        if (where == null) {
            return frame.toString();
        }
        String method = frame.getMethodName();
        String owner = frame.getClassName().isEmpty() ? "" : frame.getClassName() + ".";
        return method.isEmpty() ? where : owner + method + " (" + where + ")";
    }

    /** JShell's wrapper class shows up as an empty "location: class" line; it means nothing to users. */
    private static String cleanMessage(String message) {
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\n")) {
            if (!line.strip().equals("location: class")) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }
}
