package dev.scope.kernel.session;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Completion, inspection and completeness checks, done by the JShell compiler in the kernel. */
final class SourceAnalysis {

    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%%?)([A-Za-z0-9_-]*)$");

    private final Supplier<AgentShell> shell;
    private final SessionMagics magics;

    SourceAnalysis(Supplier<AgentShell> shell, SessionMagics magics) {
        this.shell = shell;
        this.magics = magics;
    }

    Completion complete(String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        String before = code.substring(0, at);
        String lineBefore = before.substring(before.lastIndexOf('\n') + 1);
        Matcher magic = MAGIC_PREFIX.matcher(lineBefore);
        if (magic.matches()) {
            boolean cell = magic.group(1).length() == 2;
            String prefix = magic.group(2);
            List<String> names = magics.list().stream()
                    .filter(m -> m.cell() == cell && m.name().startsWith(prefix))
                    .map(MagicInfo::name)
                    .toList();
            return new Completion(at - prefix.length(), at, names);
        }
        String masked = maskMagics(code).substring(0, at);
        int offset = currentSnippetStart(masked);
        int[] anchor = {-1};
        List<Suggestion> suggestions = analysis().completionSuggestions(masked.substring(offset), at - offset, anchor);
        List<String> candidates = suggestions.stream().map(Suggestion::continuation).distinct().toList();
        int start = anchor[0] < 0 ? at : offset + anchor[0];
        return new Completion(start, at, candidates);
    }

    Optional<String> inspect(String code, int cursor) {
        String masked = maskMagics(code);
        int at = identifierEnd(masked, Math.max(0, Math.min(cursor, masked.length())));
        int offset = currentSnippetStart(masked.substring(0, at));
        List<Documentation> docs = analysis().documentation(masked.substring(offset, at), at - offset, true);
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(docs.stream()
                .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                .collect(Collectors.joining("\n\n")));
    }

    String isComplete(String code) {
        ParsedCell parsed;
        try {
            parsed = MagicSyntax.parse(code);
        } catch (MagicSyntaxException e) {
            return "invalid";
        }
        if (parsed.cellMagic().isPresent()) {
            return "complete";
        }
        String remaining = parsed.java();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            switch (completeness) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                case UNKNOWN -> {
                    return "invalid";
                }
                case EMPTY -> {
                    return "complete";
                }
                default -> remaining = info.remaining();
            }
        }
        return "complete";
    }

    private SourceCodeAnalysis analysis() {
        AgentShell current = shell.get();
        if (current == null) {
            throw new IllegalStateException("The Java session has not started yet.");
        }
        return current.jshell().sourceCodeAnalysis();
    }

    /** Where the snippet that {@code prefix} ends in starts. */
    private int currentSnippetStart(String prefix) {
        List<SourceSnippet> snippets = CellSplitter.split(prefix, analysis());
        if (snippets.isEmpty()) {
            return prefix.length();
        }
        return snippets.get(snippets.size() - 1).offset();
    }

    /** Blanks out magic lines (keeping offsets) so that the rest parses as Java. */
    private static String maskMagics(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String trimmed = line.stripLeading();
            out.append(trimmed.startsWith("%") ? " ".repeat(line.length()) : line);
        }
        return out.toString();
    }

    private static int identifierEnd(String code, int at) {
        int i = at;
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
            i++;
        }
        return i;
    }
}
