package dev.scope.magics;

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
}
