package dev.scope.magics;

import dev.scope.engine.ScopeResult;
import dev.scope.engine.intervene.Intervention;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.util.List;

/** {@code %scope ablate}: zero latents of the last forward image and run CLIP on. Returns the InterventionResult. */
final class AblateCommand implements Subcommand {

    private final ScopeSession session;

    AblateCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "ablate";
    }

    @Override
    public String usage() {
        return "%scope ablate <latent>[,<latent>…] [--layer L] [--token cls|all|row,col] [--labels …]";
    }

    @Override
    public String description() {
        return """
                Removes latents from the residual stream of the last forward image (x − Σ z_f · d_f: the SAE's error
                term is kept) and runs CLIP on to the image embedding. Shows the zero-shot labels before and after
                and the CLS latents that moved most downstream; prints the embedding's cosine to the clean run.
                """ + EditFlags.HELP;
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(EditFlags.OPTIONS, List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope ablate takes the latent ids as one argument, e.g. %scope ablate 4242"
                    + " or %scope ablate 7,4242.");
        }
        EditFlags f = EditFlags.parse(args, session);
        Intervention edit = Intervention.ablate(f.layer(), Values.latents(args.positionals().get(0), context)).on(f.tokens());
        return EditViews.of(EngineCalls.call(() -> session.requireScope()
                .intervene(result.names(), result.pixels(), f.prompts(), List.of(edit))));
    }
}
