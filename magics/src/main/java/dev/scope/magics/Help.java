package dev.scope.magics;

/** What {@code %scope help} says of a subcommand: its name, usage line, flags and a few lines on each. */
record Help(String name, String usage, FlagSpec flags, String description) {
}
