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

    private final Map<String, Subcommand.Registered> subcommands = new LinkedHashMap<>();

    public ScopeMagics() {
        this(new ScopeSession());
    }

    ScopeMagics(ScopeSession session) {
        List<Subcommand.Registered> list = new ArrayList<>(List.of(
                new Subcommand.Registered(LoadCommand.HELP, new LoadCommand(session)),
                new Subcommand.Registered(ForwardCommand.HELP, new ForwardCommand(session)),
                new Subcommand.Registered(LatentsCommand.HELP, new LatentsCommand(session)),
                new Subcommand.Registered(HeatmapCommand.HELP, new HeatmapCommand(session)),
                new Subcommand.Registered(ExploreCommand.HELP, new ExploreCommand(session)),
                new Subcommand.Registered(MetricsCommand.HELP, new MetricsCommand(session)),
                new Subcommand.Registered(CostCommand.HELP, new CostCommand(session)),
                new Subcommand.Registered(TopCommand.HELP, new TopCommand(session)),
                new Subcommand.Registered(LabelsCommand.HELP, new LabelsCommand(session)),
                new Subcommand.Registered(AblateCommand.HELP, new AblateCommand(session)),
                new Subcommand.Registered(ClampCommand.HELP, new ClampCommand(session)),
                new Subcommand.Registered(SteerCommand.HELP, new SteerCommand(session)),
                new Subcommand.Registered(ExplainCommand.HELP, new ExplainCommand(session)),
                new Subcommand.Registered(IndexCommand.HELP, new IndexCommand(session)),
                new Subcommand.Registered(LatentCommand.HELP, new LatentCommand(session)),
                new Subcommand.Registered(SqlCommand.HELP, new SqlCommand(session))));
        list.add(new Subcommand.Registered(HelpCommand.HELP,
                new HelpCommand(list.stream().map(Subcommand.Registered::help).toList())));
        list.forEach(s -> subcommands.put(s.help().name(), s));
    }

    @Override
    public void register(ExtensionContext context) {
        context.lineMagic("scope", "The CLIP ViT-L scope: load, forward, latents, heatmap, explore, metrics, cost, top, labels,"
                + " ablate, clamp, steer, explain, index, latent, sql; %scope help"
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
        Subcommand.Registered subcommand = subcommands.get(name);
        if (subcommand == null) {
            throw unknown(name, subcommands.values().stream().map(Subcommand.Registered::help).toList());
        }
        ParsedArgs parsed = ArgParser.parse(name, args.isEmpty() ? List.of() : args.subList(1, args.size()),
                subcommand.help().flags());
        return subcommand.command().run(parsed, context);
    }

    static UnknownSubcommandException unknown(String name, List<Help> helps) {
        List<String> names = helps.stream().map(Help::name).toList();
        return new UnknownSubcommandException("%scope has no subcommand '" + name + "'; use one of "
                + String.join(", ", names) + " (%scope help shows their usage).");
    }
}
