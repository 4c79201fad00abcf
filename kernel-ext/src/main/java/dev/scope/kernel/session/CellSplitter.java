package dev.scope.kernel.session;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.List;

/** Splits cell source into the snippets JShell evaluates one at a time. */
final class CellSplitter {

    private CellSplitter() {
    }

    static List<SourceSnippet> split(String source, SourceCodeAnalysis analysis) {
        List<SourceSnippet> snippets = new ArrayList<>();
        int consumed = 0;
        String remaining = source;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                // let JShell itself report what is wrong with the rest
                int start = leadingWhitespace(remaining);
                snippets.add(new SourceSnippet(remaining.substring(start).stripTrailing(), consumed + start));
                break;
            }
            // JShell numbers lines from the first non-blank character, so snippets start there
            String snippet = info.source();
            int start = leadingWhitespace(snippet);
            snippets.add(new SourceSnippet(snippet.substring(start), consumed + start));
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return snippets;
    }

    private static int leadingWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
