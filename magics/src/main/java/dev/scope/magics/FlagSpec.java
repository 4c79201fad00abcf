package dev.scope.magics;

import java.util.List;

/** The flags one subcommand takes: options that need a value ({@code --layer 22}) and switches ({@code --all}). */
record FlagSpec(List<String> options, List<String> switches) {

    FlagSpec {
        options = List.copyOf(options);
        switches = List.copyOf(switches);
    }

    static FlagSpec none() {
        return new FlagSpec(List.of(), List.of());
    }

    boolean takes(String name) {
        return options.contains(name) || switches.contains(name);
    }

    /** "--layer, --token, --top and --all", for messages. */
    String describe() {
        List<String> all = new java.util.ArrayList<>(options);
        all.addAll(switches);
        if (all.isEmpty()) {
            return "no flags";
        }
        List<String> flags = all.stream().map(f -> "--" + f).toList();
        return flags.size() == 1 ? flags.get(0)
                : String.join(", ", flags.subList(0, flags.size() - 1)) + " and " + flags.get(flags.size() - 1);
    }
}
