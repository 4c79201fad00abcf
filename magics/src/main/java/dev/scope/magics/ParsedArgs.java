package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One {@code %scope <subcommand> ...} line, parsed: positional arguments in order, option values, switches given. */
record ParsedArgs(String subcommand, List<String> positionals, Map<String, String> options, Set<String> switches) {

    ParsedArgs {
        positionals = List.copyOf(positionals);
        options = Map.copyOf(options);
        switches = Set.copyOf(switches);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean has(String switchName) {
        return switches.contains(switchName);
    }

    /** The one positional argument, or {@code usage} (one sentence with an example) as the error. */
    String onePositional(String usage) {
        if (positionals.size() != 1) {
            throw new MagicException(usage);
        }
        return positionals.get(0);
    }

    /** Nothing but flags, or one sentence naming the stray argument and {@code fix}. */
    void onlyFlags(String fix) {
        if (!positionals.isEmpty()) {
            throw new MagicException("%scope " + subcommand + " takes only flags, not '" + positionals.get(0) + "'; "
                    + fix);
        }
    }
}
