package dev.scope.magics;

import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.Explorer;

import java.util.List;

/**
 * {@code %scope explore}: the last forward result in widgets (layer, token, the token's top latents as bars and
 * buttons, a rank slider, the chosen latent's heatmap), redrawn live as they change. Returns the {@link Explorer}.
 */
record ExploreCommand(ScopeSession session) implements Subcommand {

    static final int DEFAULT_TOP = 8;
    static final int MAX_TOP = 32;

    static final Help HELP = new Help("explore",
            "%scope explore [--layer L] [--top 8]",
            new FlagSpec(List.of("layer", "top"), List.of()), """
                Explores the last forward result with widgets: choose the layer and the token (CLS, or a patch by row
                and column); the token's top latents show as bars and as buttons, and the rank slider (or a button)
                picks the latent whose heatmap is drawn over the image. Everything redraws in place; needs a front
                end with Jupyter widgets (JupyterLab 4, Notebook 7). Returns the Explorer.
                  --layer  the layer to start at (default: the result's deepest)
                  --top    how many of the token's largest latents to offer (default 8, at most 32)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        if (!args.positionals().isEmpty()) {
            throw new MagicException("%scope explore takes only flags, not '" + args.positionals().get(0)
                    + "'; run %scope forward <image> first, then %scope explore.");
        }
        ScopeResult result = session.requireResult();
        int layer = session.resultLayer(args.option("layer"));
        int top = Values.intIn(args.option("top", String.valueOf(DEFAULT_TOP)), "--top", 1, MAX_TOP);
        Explorer explorer = Explorer.of(result, layer, session.requireScope().clipConfig().gridSize(), top);
        return new Shown("", List.of(explorer), explorer);
    }
}
