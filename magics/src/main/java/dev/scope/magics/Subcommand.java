package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;

/** One {@code %scope <name>} subcommand: parse its arguments, call the engine, hand back what to show. */
interface Subcommand {

    String name();

    /** The usage line, e.g. {@code %scope latents [--layer L] ...}. */
    String usage();

    /** What it does and what each flag means, a few lines. */
    String description();

    FlagSpec flags();

    Shown run(ParsedArgs args, MagicContext context) throws Exception;
}
