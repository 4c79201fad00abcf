package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;

/**
 * One {@code %scope <name>} subcommand: parse its arguments, make one engine call, hand back what to show. Its
 * {@link Help} (name, usage, flags) is registered beside it in {@link ScopeMagics}.
 */
@FunctionalInterface
interface Subcommand {

    Shown run(ParsedArgs args, MagicContext context) throws Exception;

    /** A subcommand with its help, as {@link ScopeMagics} registers it. */
    record Registered(Help help, Subcommand command) {
    }
}
