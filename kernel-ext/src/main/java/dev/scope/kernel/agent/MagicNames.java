package dev.scope.kernel.agent;

import java.util.regex.Pattern;

/** What a magic may be called: a letter, then letters, digits, '_' or '-'. */
public final class MagicNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private MagicNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("Magic name '" + name
                    + "' is not valid; use a letter followed by letters, digits, '_' or '-'.");
        }
        return name;
    }
}
