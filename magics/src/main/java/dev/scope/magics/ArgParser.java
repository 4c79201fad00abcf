package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a subcommand's arguments into positionals, {@code --option value} (or {@code --option=value}) and
 * {@code --switch}. Anything after {@code --} on its own is positional; a value may start with a single dash
 * (a negative number) but not with two.
 */
final class ArgParser {

    private ArgParser() {
    }

    static ParsedArgs parse(String subcommand, List<String> args, FlagSpec spec) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> switches = new LinkedHashSet<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPositionals || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!spec.takes(name)) {
                throw new UnknownFlagException("%scope " + subcommand + " has no flag --" + name + "; it takes "
                        + spec.describe() + " (see %scope help " + subcommand + ").");
            }
            if (options.containsKey(name) || switches.contains(name)) {
                throw new MagicException("--" + name + " is given twice in %scope " + subcommand + "; give it once.");
            }
            if (spec.switches().contains(name)) {
                if (eq >= 0) {
                    throw new MagicException("--" + name + " is a switch and takes no value; write just --" + name + ".");
                }
                switches.add(name);
            } else if (eq >= 0) {
                options.put(name, requireValue(arg.substring(eq + 1), name, subcommand));
            } else {
                String value = i + 1 < args.size() && !args.get(i + 1).startsWith("--") ? args.get(++i) : "";
                options.put(name, requireValue(value, name, subcommand));
            }
        }
        return new ParsedArgs(subcommand, positionals, options, switches);
    }

    private static String requireValue(String value, String name, String subcommand) {
        if (value.isBlank()) {
            throw new MagicException("--" + name + " needs a value; see %scope help " + subcommand + " for an example.");
        }
        return value.strip();
    }
}
