package dev.scope.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches, checked against what a command accepts. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args() {
    }

    static Args parse(List<String> argv, Set<String> options, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("Unexpected argument \"" + arg + "\"; options start with --.");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                a.values.put(name, "true");
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageException("The option --" + name + " needs a value.");
                    }
                    value = argv.get(++i);
                }
                a.values.put(name, value);
            } else {
                List<String> known = new ArrayList<>();
                options.forEach(o -> known.add("--" + o));
                flags.forEach(f -> known.add("--" + f));
                throw new UsageException("Unknown option --" + name + "; this command takes " + String.join(", ", known) + ".");
            }
        }
        return a;
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("The option --" + name + " is required.");
        }
        return v;
    }

    /** Refuses both or neither of two options that each say the same thing another way. */
    void requireOneOf(String first, String second) {
        if (get(first) == null == (get(second) == null)) {
            throw new UsageException("Give exactly one of --" + first + " or --" + second + ".");
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The values given of {@code names}, by name, in the order of {@code names}. */
    Map<String, String> options(Collection<String> names) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : names) {
            if (values.containsKey(name)) {
                given.put(name, values.get(name));
            }
        }
        return given;
    }

    /** A whole number of at least 1, or {@code fallback} when the option is absent. */
    int positive(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : positiveNumber(name, v);
    }

    /** A comma-separated list of whole numbers of at least 1, or {@code fallback} when the option is absent. */
    List<Integer> positives(String name, List<Integer> fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            out.add(positiveNumber(name, part));
        }
        return out;
    }

    private static int positiveNumber(String name, String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("--" + name + " needs whole numbers of at least 1 such as 8, not \"" + text.strip() + "\".");
    }

    /** Thrown for arguments that do not fit the command; the message is shown as it is. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
