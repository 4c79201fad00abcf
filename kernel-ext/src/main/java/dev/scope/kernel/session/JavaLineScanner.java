package dev.scope.kernel.session;

/**
 * Reads Java a line at a time, just well enough to know where strings, comments and text blocks
 * are, so that magics are only recognised in code.
 */
final class JavaLineScanner {

    private boolean inBlockComment;
    private boolean inTextBlock;

    boolean insideMultiLineConstruct() {
        return inBlockComment || inTextBlock;
    }

    /**
     * Scans {@code line}; returns where a magic starts if the line assigns one ({@code = %name ...}),
     * else -1.
     */
    int assignedMagicStart(String line) {
        char inString = 0;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (inBlockComment) {
                if (c == '*' && i + 1 < n && line.charAt(i + 1) == '/') {
                    inBlockComment = false;
                    i++;
                }
            } else if (inTextBlock) {
                if (line.startsWith("\"\"\"", i) && !escaped(line, i)) {
                    inTextBlock = false;
                    i += 2;
                }
            } else if (inString != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == inString) {
                    inString = 0;
                }
            } else if (line.startsWith("\"\"\"", i)) {
                inTextBlock = true;
                i += 2;
            } else if (c == '"' || c == '\'') {
                inString = c;
            } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '/') {
                return -1;
            } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
                inBlockComment = true;
                i++;
            } else if (c == '=' && isAssignment(line, i)) {
                int j = i + 1;
                while (j < n && Character.isWhitespace(line.charAt(j))) {
                    j++;
                }
                if (j + 1 < n && line.charAt(j) == '%' && Character.isLetter(line.charAt(j + 1))) {
                    return j;
                }
            }
        }
        return -1;
    }

    private static boolean isAssignment(String line, int i) {
        char before = i > 0 ? line.charAt(i - 1) : ' ';
        char after = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
        return after != '=' && "=!<>+-*/%&|^".indexOf(before) < 0;
    }

    private static boolean escaped(String line, int i) {
        int backslashes = 0;
        for (int k = i - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
