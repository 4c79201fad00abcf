package dev.scope.magics;

import dev.scope.kernel.ext.Display;
import dev.scope.kernel.ext.ExtensionContext;
import dev.scope.kernel.ext.KernelExtension;
import dev.scope.kernel.ext.MagicContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code %scope} magic: every subcommand registered in one place, plus the renderers that show the views.
 * Found by the kernel through {@code META-INF/services/dev.scope.kernel.ext.KernelExtension}.
 */
public final class ScopeMagics implements KernelExtension {

    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

    public ScopeMagics() {
        this(new ScopeSession());
    }

    ScopeMagics(ScopeSession session) {
        List<Subcommand> list = new ArrayList<>(List.of(
                new LoadCommand(session),
                new ForwardCommand(session),
                new LatentsCommand(session),
                new HeatmapCommand(session),
                new ExploreCommand(session),
                new MetricsCommand(session),
                new TopCommand(session),
                new LabelsCommand(session),
                new AblateCommand(session),
                new ClampCommand(session),
                new SteerCommand(session),
                new ExplainCommand(session)));
        list.add(new HelpCommand(List.copyOf(list)));
        list.forEach(s -> subcommands.put(s.name(), s));
    }

    @Override
    public void register(ExtensionContext context) {
        context.lineMagic("scope", "The CLIP ViT-L scope: load, forward, latents, heatmap, explore, metrics, top, labels,"
                + " ablate, clamp, steer, explain; %scope help"
                + " for usage.", this::eval);
    }

    /** Runs one {@code %scope} line: prints its text, displays its views, returns its value. */
    Object eval(List<String> args, MagicContext context) throws Exception {
        Shown shown = run(args, context);
        if (!shown.text().isEmpty()) {
            System.out.print(shown.text().endsWith("\n") ? shown.text() : shown.text() + "\n");
            System.out.flush();
        }
        shown.views().forEach(Display::display);
        return shown.value();
    }

    /** Parses and runs a subcommand without showing anything (for tests and for {@link #eval}). */
    Shown run(List<String> args, MagicContext context) throws Exception {
        String name = args.isEmpty() ? "help" : args.get(0);
        Subcommand subcommand = subcommands.get(name);
        if (subcommand == null) {
            throw unknown(name, subcommands.values());
        }
        ParsedArgs parsed = ArgParser.parse(name, args.isEmpty() ? List.of() : args.subList(1, args.size()),
                subcommand.flags());
        return subcommand.run(parsed, context);
    }

    static UnknownSubcommandException unknown(String name, Iterable<Subcommand> subcommands) {
        List<String> names = new ArrayList<>();
        subcommands.forEach(s -> names.add(s.name()));
        return new UnknownSubcommandException("%scope has no subcommand '" + name + "'; use one of "
                + String.join(", ", names) + " (%scope help shows their usage).");
    }
}
