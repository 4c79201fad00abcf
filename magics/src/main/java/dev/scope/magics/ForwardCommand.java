package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.sae.LatentActivation;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.DemoMark;
import dev.scope.views.TableView;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * {@code %scope forward <image>}: the image through CLIP and the SAEs, like clipscope's {@code forward_verbose}.
 * Prints the shapes, shows the crop and each layer's top CLS latents, returns the {@link ScopeResult}.
 */
final class ForwardCommand implements Subcommand {

    static final int TOP_PER_LAYER = 5;

    private final ScopeSession session;

    ForwardCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String usage() {
        return "%scope forward <image> [--layers 22|2,5|all]";
    }

    @Override
    public String description() {
        return """
                Runs one image through CLIP and the SAEs (clipscope's forward_verbose). <image> is a file path, an
                http(s) URL, black (the model card's all-black test image) or a variable holding a BufferedImage.
                Prints the CLS token's latent and reconstruction shapes, e.g. latent shape (1, 65536) and
                reconstruction shape (1, 1024), and those over all tokens, e.g. (257, 65536); shows the 224 crop and
                each layer's top CLS latents. Returns the result: r.layer(22).latent(), .reconstruction(), .resid(),
                .topLatents(token, n). The other subcommands use the last result.
                  --layers  which loaded layers to run (default: all loaded)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("layers"), List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        Scope scope = session.requireScope();
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope forward takes one image (a path, an http(s) URL, black or a BufferedImage"
                    + " variable), e.g. %scope forward black; got " + args.positionals().size() + ".");
        }
        List<Integer> layers = session.scopeLayers(args.option("layers"));
        ImageInput input = EngineCalls.call(() -> ImageInput.resolve(args.positionals().get(0), context,
                scope.clipConfig().imageSize()));
        ScopeResult result = EngineCalls.call(() -> scope.forward(List.of(input.name()), List.of(input.image()), layers));
        session.remember(result);
        BufferedImage crop = result.crops().get(0);
        return new Shown(shapes(result), List.of(result.demo() ? DemoMark.banner(crop, 1) : crop,
                topLatents(result, input.name())), result);
    }

    /** clipscope's README lines for the CLS token of each layer, then the shapes over all tokens. */
    static String shapes(ScopeResult result) {
        StringBuilder out = new StringBuilder();
        if (result.demo()) {
            out.append(DemoMark.TEXT).append(": these numbers come from the demo scope.\n");
        }
        for (int layer : result.layers()) {
            LayerResult all = result.layer(layer);
            LayerResult cls = all.cls();
            SaeOutput sae = all.sae();
            out.append("layer ").append(layer).append(", CLS token:\n")
                    .append("latent shape ").append(shape(cls.sae().rows(), sae.nFeatures())).append('\n')
                    .append("reconstruction shape ").append(shape(cls.reconstruction().rows(), cls.reconstruction().cols()))
                    .append('\n')
                    .append("layer ").append(layer).append(", all tokens: latent shape ")
                    .append(shape(sae.rows(), sae.nFeatures())).append(", reconstruction shape ")
                    .append(shape(sae.reconstruction().rows(), sae.reconstruction().cols())).append(", resid shape ")
                    .append(shape(all.resid().rows(), all.resid().cols())).append('\n');
        }
        return out.toString();
    }

    private static String shape(int rows, int cols) {
        return "(" + rows + ", " + cols + ")";
    }

    /** Each layer's strongest CLS latents with their share of the CLS token's L1 norm. */
    static TableView topLatents(ScopeResult result, String imageName) {
        IntColumn layerColumn = IntColumn.create("layer");
        IntColumn rank = IntColumn.create("rank");
        IntColumn latent = IntColumn.create("latent");
        DoubleColumn value = DoubleColumn.create("value");
        DoubleColumn share = DoubleColumn.create("share of L1");
        for (int layer : result.layers()) {
            LayerResult cls = result.layer(layer).cls();
            List<LatentActivation> all = cls.topLatents(0, cls.sae().k());
            double l1 = all.stream().mapToDouble(a -> Math.abs(a.value())).sum();
            for (int i = 0; i < Math.min(TOP_PER_LAYER, all.size()); i++) {
                LatentActivation a = all.get(i);
                layerColumn.append(layer);
                rank.append(i + 1);
                latent.append(a.latent());
                value.append(a.value());
                share.append(l1 > 0 ? Math.abs(a.value()) / l1 : Double.NaN);
            }
        }
        value.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        share.setPrintFormatter(NumberColumnFormatter.percent(1));
        Table table = Table.create("top latents", layerColumn, rank, latent, value, share);
        return new TableView(table, "Top " + TOP_PER_LAYER + " CLS latents per layer · " + imageName, result.demo());
    }
}
