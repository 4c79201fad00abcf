package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;

import java.util.List;
import java.util.Optional;

/** {@code %scope help [subcommand]}: usage of every subcommand, or of one. */
final class HelpCommand implements Subcommand {

    private final List<Subcommand> subcommands;

    /** {@code others}: every subcommand but help itself, which is added last. */
    HelpCommand(List<Subcommand> others) {
        List<Subcommand> all = new java.util.ArrayList<>(others);
        all.add(this);
        this.subcommands = List.copyOf(all);
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String usage() {
        return "%scope help [subcommand]";
    }

    @Override
    public String description() {
        return "Shows this usage, for every subcommand or for one.";
    }

    @Override
    public FlagSpec flags() {
        return FlagSpec.none();
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        if (args.positionals().size() == 1) {
            Optional<Subcommand> one = subcommands.stream().filter(s -> s.name().equals(args.positionals().get(0)))
                    .findFirst();
            return Shown.text(usage(List.of(one.orElseThrow(() -> ScopeMagics.unknown(args.positionals().get(0), subcommands)))));
        }
        return Shown.text("%scope: the CLIP ViT-L scope in a notebook. Start with %scope load --demo (no download) or"
                + " %scope load, then %scope forward <image>.\n\n" + usage(subcommands));
    }

    static String usage(List<Subcommand> subcommands) {
        StringBuilder out = new StringBuilder();
        for (Subcommand s : subcommands) {
            out.append(s.usage()).append('\n');
            s.description().lines().forEach(line -> out.append("    ").append(line).append('\n'));
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}
