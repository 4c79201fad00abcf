package dev.scope.kernel.session;

import dev.scope.kernel.agent.MagicNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds magics in a cell. A cell magic is {@code %%name args} on the first line. A line magic is
 * {@code %name args} to the end of a line, either as the whole line or as the right-hand side of an
 * assignment ({@code var r = %scope forward x.png}); it is never looked for inside strings or
 * comments, so {@code a % b} and {@code "50%"} stay Java.
 */
final class MagicSyntax {

    static final Pattern PLACEHOLDER = Pattern.compile("__scope_magic_(\\d+)__");

    private MagicSyntax() {
    }

    static String placeholder(int index) {
        return "__scope_magic_" + index + "__";
    }

    static ParsedCell parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            MagicCall call = call(lines[first].strip().substring(2), lines[first].strip(), "%%");
            String body = String.join("\n", List.of(lines).subList(first + 1, lines.length));
            return new ParsedCell("", List.of(), Optional.of(call), body);
        }
        return parseLineMagics(lines);
    }

    private static ParsedCell parseLineMagics(String[] lines) {
        List<MagicCall> calls = new ArrayList<>();
        StringBuilder java = new StringBuilder();
        JavaLineScanner scanner = new JavaLineScanner();
        boolean statementStart = true;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int magicAt = -1;
            if (!scanner.insideMultiLineConstruct()) {
                String trimmed = line.stripLeading();
                if (trimmed.startsWith("%%")) {
                    throw new MagicSyntaxException("Cell magic line '" + trimmed.strip()
                            + "' must be the first line of its cell; move it to the top or use a %line magic.");
                }
                if (trimmed.startsWith("%")) {
                    if (trimmed.length() > 1 && Character.isLetter(trimmed.charAt(1))) {
                        magicAt = line.length() - trimmed.length();
                    } else if (statementStart) {
                        throw new MagicSyntaxException("Malformed magic line '" + trimmed.strip()
                                + "': write %name followed by its arguments, e.g. %lsmagic.");
                    }
                }
            }
            if (magicAt < 0) {
                magicAt = scanner.assignedMagicStart(line);
            }
            if (magicAt >= 0) {
                String magicText = line.substring(magicAt).strip();
                calls.add(call(magicText.substring(1), magicText, "%"));
                java.append(line, 0, magicAt).append(placeholder(calls.size() - 1)).append(';');
                statementStart = true;
            } else {
                java.append(line);
                String code = line.strip();
                if (!code.isEmpty() && !code.startsWith("//")) {
                    statementStart = code.endsWith(";") || code.endsWith("{") || code.endsWith("}");
                }
            }
            if (n < lines.length - 1) {
                java.append('\n');
            }
        }
        return new ParsedCell(java.toString(), calls, Optional.empty(), "");
    }

    /** {@code text} is the magic without its % prefix, e.g. {@code scope forward "a b.png"}. */
    private static MagicCall call(String text, String source, String prefix) {
        String body = text.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        List<String> tokens = tokenize(body, source);
        if (tokens.isEmpty() || !MagicNames.isValid(tokens.get(0))) {
            throw new MagicSyntaxException("Malformed magic line '" + source + "': write " + prefix
                    + "name followed by its arguments, e.g. %lsmagic.");
        }
        return new MagicCall(tokens.get(0), tokens.subList(1, tokens.size()), source);
    }

    /** Splits on whitespace; "double" or 'single' quotes group, and \ escapes the next character. */
    static List<String> tokenize(String text, String source) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (quote != 0 || text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\'')) {
                current.append(text.charAt(++i));
                inToken = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new MagicSyntaxException("Magic line '" + source + "' has an unterminated " + quote
                    + " quote; close it or escape it with a backslash.");
        }
        if (inToken) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    static Matcher placeholders(String code) {
        return PLACEHOLDER.matcher(code);
    }
}
