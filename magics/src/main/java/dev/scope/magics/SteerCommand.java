package dev.scope.magics;

import dev.scope.engine.ScopeResult;
import dev.scope.engine.intervene.Intervention;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.util.ArrayList;
import java.util.List;

/** {@code %scope steer}: add α times a latent's decoder row to the last forward image's residual stream. */
final class SteerCommand implements Subcommand {

    private final ScopeSession session;

    SteerCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "steer";
    }

    @Override
    public String usage() {
        return "%scope steer <latent> --by α [--layer L] [--token cls|all|row,col] [--labels …]";
    }

    @Override
    public String description() {
        return """
                Adds α · d_f (the latent's decoder row) to the residual stream of the last forward image and runs
                CLIP on; steer further until the top label flips. Shows the labels before and after and the CLS
                latents that moved most downstream; prints the embedding's cosine to the clean run.
                  --by      α, the step along the decoder row (negative steers away)
                """ + EditFlags.HELP;
    }

    @Override
    public FlagSpec flags() {
        List<String> options = new ArrayList<>(EditFlags.OPTIONS);
        options.add("by");
        return new FlagSpec(options, List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        if (args.positionals().size() != 1 || args.option("by").isEmpty()) {
            throw new MagicException("%scope steer takes a latent id and --by α, e.g. %scope steer 4242 --by 20.");
        }
        EditFlags f = EditFlags.parse(args, session);
        int latent = Values.latent(args.positionals().get(0), context);
        Intervention edit = Intervention.steer(f.layer(), latent, Values.number(args.option("by").get(), "--by", context))
                .on(f.tokens());
        return EditViews.of(EngineCalls.call(() -> session.requireScope()
                .intervene(result.names(), result.pixels(), f.prompts(), List.of(edit))));
    }
}
