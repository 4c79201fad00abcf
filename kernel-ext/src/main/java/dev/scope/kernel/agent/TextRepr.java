package dev.scope.kernel.agent;

import java.lang.reflect.Array;

/** The text/plain form of a value: strings as they are, arrays by content, everything capped. */
public final class TextRepr {

    static final int MAX_CHARS = 100_000;
    private static final int MAX_ELEMENTS = 100;

    private TextRepr() {
    }

    public static String of(Object value) {
        String text = value != null && value.getClass().isArray() ? array(value) : String.valueOf(value);
        if (text.length() > MAX_CHARS) {
            return text.substring(0, MAX_CHARS) + "… (" + (text.length() - MAX_CHARS) + " more characters)";
        }
        return text;
    }

    private static String array(Object array) {
        int length = Array.getLength(array);
        String type = array.getClass().getComponentType().getSimpleName();
        StringBuilder out = new StringBuilder(type).append('[').append(length).append("] { ");
        for (int i = 0; i < Math.min(length, MAX_ELEMENTS); i++) {
            if (i > 0) {
                out.append(", ");
            }
            Object element = Array.get(array, i);
            out.append(element != null && element.getClass().isArray() ? array(element) : String.valueOf(element));
        }
        if (length > MAX_ELEMENTS) {
            out.append(", … ").append(length - MAX_ELEMENTS).append(" more");
        }
        return out.append(" }").toString();
    }
}
