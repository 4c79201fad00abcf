package dev.scope.kernel.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which cell and line each JShell snippet came from, to name them in stack traces. */
final class SnippetOrigins {

    record Origin(int cell, int firstLine) {
    }

    private final Map<String, Origin> byId = new ConcurrentHashMap<>();

    void record(String snippetId, int cell, int firstLine) {
        byId.put(snippetId, new Origin(cell, firstLine));
    }

    /** "In [3] line 2" for JShell's file name "#12" and line 1 of that snippet; null if unknown. */
    String describe(String fileName, int lineInSnippet) {
        if (fileName == null || !fileName.startsWith("#")) {
            return null;
        }
        Origin origin = byId.get(fileName.substring(1));
        if (origin == null) {
            return null;
        }
        return "In [" + origin.cell() + "] line " + (origin.firstLine() + Math.max(lineInSnippet, 1) - 1);
    }
}
