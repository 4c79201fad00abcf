package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageSource;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.DemoMark;
import dev.scope.views.LatentTable;
import dev.scope.views.ResultShapes;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * {@code %scope forward <image>}: the image through CLIP and the SAEs, like clipscope's {@code forward_verbose}.
 * Prints the shapes, shows the crop and each layer's top CLS latents, returns the {@link ScopeResult}.
 */
record ForwardCommand(ScopeSession session) implements Subcommand {

    static final int TOP_PER_LAYER = 5;

    static final Help HELP = new Help("forward",
            "%scope forward <image> [--layers 22|2,5|all]",
            new FlagSpec(List.of("layers"), List.of()), """
                Runs one image through CLIP and the SAEs (clipscope's forward_verbose). <image> is a file path, an
                http(s) URL, black (the model card's all-black test image) or a variable holding a BufferedImage.
                Prints the CLS token's latent and reconstruction shapes, e.g. latent shape (1, 65536) and
                reconstruction shape (1, 1024), and those over all tokens, e.g. (257, 65536); shows the 224 crop and
                each layer's top CLS latents. Returns the result: r.layer(22).latent(), .reconstruction(), .resid(),
                .topLatents(token, n). The other subcommands use the last result.
                  --layers  which loaded layers to run (default: all loaded)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        Scope scope = session.requireScope();
        ImageSource image = source(args.onePositional("%scope forward takes one image (" + ImageSource.SYNTAX
                + ", or a BufferedImage variable), e.g. %scope forward black."), context);
        ScopeResult result = EngineCalls.call(() -> scope.forward(image, session.scopeLayers(args.option("layers"))));
        session.remember(result);
        BufferedImage crop = result.crops().get(0);
        return new Shown(ResultShapes.text(result), List.of(result.demo() ? DemoMark.banner(crop, 1) : crop,
                LatentTable.clsTop(result, TOP_PER_LAYER)), result);
    }

    /** A session variable holding a BufferedImage, or else what the text names. */
    static ImageSource source(String arg, MagicContext context) {
        Optional<Object> variable = context.variable(arg);
        if (variable.isEmpty()) {
            return EngineCalls.call(() -> ImageSource.parse(arg));
        }
        if (variable.get() instanceof BufferedImage image) {
            return ImageSource.of(arg, image);
        }
        throw new MagicException("The variable " + arg + " holds a " + variable.get().getClass().getSimpleName()
                + ", not a BufferedImage; pass a BufferedImage variable, " + ImageSource.SYNTAX + ".");
    }
}
