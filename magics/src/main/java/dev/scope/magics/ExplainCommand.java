package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.intervene.Explanation;
import dev.scope.engine.intervene.LatentWords;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.DemoMark;
import dev.scope.views.PromptShiftChart;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %scope explain}: a latent in words, by steering with it ({@link Explanation#METHOD}). */
final class ExplainCommand implements Subcommand {

    static final int WORDS = 8;

    private final ScopeSession session;

    ExplainCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String usage() {
        return "%scope explain <latent> [--layer L] [--prompts FILE] [--images FOLDER] [--by α]";
    }

    @Override
    public String description() {
        return """
                Names a latent in words: steers with it on every token of each image and ranks the prompts by how
                much their zero-shot logit rose relative to the other prompts, averaged over the images; shows the
                top and bottom words and states the method and its limits.
                  --layer    a layer with an SAE (default: the last result's deepest)
                  --prompts  a text file of one prompt a line (default: the ImageNet-1k classes)
                  --images   a folder (or comma-separated files) of at most 32 images (default: the last forward image)
                  --by       α (default: the images' mean residual norm at the layer over the decoder row's norm)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("layer", "prompts", "images", "by"), List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope explain takes one latent id, e.g. %scope explain 4242.");
        }
        int latent = Values.latent(args.positionals().get(0), context);
        int layer = session.resultLayer(args.option("layer"));
        List<String> prompts = args.option("prompts").map(Prompts::file).orElseGet(() -> Prompts.parse("imagenet"));
        Float by = args.option("by").map(v -> Values.number(v, "--by", context)).orElse(null);
        Scope scope = session.requireScope();
        List<Path> files = args.option("images").map(i -> ImageFiles.resolve(i, "--images").files()).orElse(List.of());
        if (files.size() > LatentWords.MAX_IMAGES) {
            throw new MagicException("--images names " + files.size() + " files; explain runs at most "
                    + LatentWords.MAX_IMAGES + " images, so pass a smaller folder.");
        }
        Explanation e = EngineCalls.call(() -> files.isEmpty()
                ? scope.explain(layer, latent, result.names(), result.pixels(), by, prompts)
                : scope.explain(layer, latent, files.stream().map(p -> p.getFileName().toString()).toList(),
                        decode(files), by, prompts));
        String demo = e.demo() ? DemoMark.TEXT + ": the words come from the demo scope's random weights.\n" : "";
        return new Shown(demo + e.summary(WORDS), List.of(PromptShiftChart.builder(prompts, e.relativeChange()).each(WORDS)
                .title("Latent " + latent + " at layer " + layer + " in words").demo(e.demo()).build()), e);
    }

    private static List<BufferedImage> decode(List<Path> files) throws java.io.IOException {
        List<BufferedImage> out = new ArrayList<>();
        for (Path p : files) {
            out.add(ImageDecoder.read(p));
        }
        return out;
    }
}
