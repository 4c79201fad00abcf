package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;

import java.util.ArrayList;
import java.util.List;

/** {@code %scope help [subcommand]}: usage of every subcommand, or of one. */
final class HelpCommand implements Subcommand {

    static final Help HELP = new Help("help", "%scope help [subcommand]", FlagSpec.none(),
            "Shows this usage, for every subcommand or for one.");

    private final List<Help> helps;

    /** {@code others}: every subcommand's help but this one's, which is added last. */
    HelpCommand(List<Help> others) {
        List<Help> all = new ArrayList<>(others);
        all.add(HELP);
        this.helps = List.copyOf(all);
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        if (args.positionals().size() == 1) {
            String name = args.positionals().get(0);
            Help one = helps.stream().filter(h -> h.name().equals(name)).findFirst()
                    .orElseThrow(() -> ScopeMagics.unknown(name, helps));
            return Shown.text(usage(List.of(one)));
        }
        return Shown.text("%scope: the CLIP ViT-L scope in a notebook. Start with %scope load --demo (no download) or"
                + " %scope load, then %scope forward <image>.\n\n" + usage(helps));
    }

    static String usage(List<Help> helps) {
        StringBuilder out = new StringBuilder();
        for (Help h : helps) {
            out.append(h.usage()).append('\n');
            h.description().lines().forEach(line -> out.append("    ").append(line).append('\n'));
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}
