package dev.scope.magics;

import dev.scope.engine.ScopeResult;
import dev.scope.engine.intervene.Intervention;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.util.List;

/** {@code %scope clamp}: set a latent to a value on the last forward image and run CLIP on. */
final class ClampCommand implements Subcommand {

    private final ScopeSession session;

    ClampCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "clamp";
    }

    @Override
    public String usage() {
        return "%scope clamp <latent> <value> [--layer L] [--token cls|all|row,col] [--labels …]";
    }

    @Override
    public String description() {
        return """
                Sets a latent to a value in the residual stream of the last forward image, active there or not
                (x + (v − z_f) · d_f), and runs CLIP on. Shows the labels before and after and the CLS latents that
                moved most downstream; prints the embedding's cosine to the clean run.
                """ + EditFlags.HELP;
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(EditFlags.OPTIONS, List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        if (args.positionals().size() != 2) {
            throw new MagicException("%scope clamp takes a latent id and a value, e.g. %scope clamp 4242 10.");
        }
        EditFlags f = EditFlags.parse(args, session);
        int latent = Values.latent(args.positionals().get(0), context);
        float value = Values.number(args.positionals().get(1), "the value", context);
        Intervention edit = Intervention.clamp(f.layer(), latent, value).on(f.tokens());
        return EditViews.of(EngineCalls.call(() -> session.requireScope()
                .intervene(result.names(), result.pixels(), f.prompts(), List.of(edit))));
    }
}
