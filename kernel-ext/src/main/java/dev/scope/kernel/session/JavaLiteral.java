package dev.scope.kernel.session;

/** Java source literals for values the kernel writes into generated code. */
final class JavaLiteral {

    private JavaLiteral() {
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String stringArray(java.util.List<String> values) {
        StringBuilder out = new StringBuilder("new String[]{");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(values.get(i)));
        }
        return out.append('}').toString();
    }

    /** A literal for a kernel-side magic value, or null when the value has no Java literal form. */
    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Boolean || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Long l) {
            return l + "L";
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return d + "d";
        }
        return null;
    }
}
