package dev.scope.views;

import dev.scope.engine.LayerResult;
import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.Html;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderable;
import dev.scope.kernel.ext.widgets.Button;
import dev.scope.kernel.ext.widgets.Dropdown;
import dev.scope.kernel.ext.widgets.HBox;
import dev.scope.kernel.ext.widgets.HTML;
import dev.scope.kernel.ext.widgets.Image;
import dev.scope.kernel.ext.widgets.IntSlider;
import dev.scope.kernel.ext.widgets.VBox;
import dev.scope.kernel.ext.widgets.Widget;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One forward result to explore with widgets ({@code %scope explore}): a layer, a token (CLS, or a patch chosen by
 * row and column), that token's top latents as bars and as buttons, a slider over their ranks, and the heatmap of
 * the chosen latent over the image. Every choice redraws the pictures in place, from the result in memory.
 *
 * <pre>{@code
 * var explorer = Explorer.of(result, 22, 16, 8);
 * explorer.rank().value(3);            // what the slider does: the heatmap shows the third latent
 * explorer.latent()                    // its id
 * }</pre>
 */
public final class Explorer implements Renderable {

    static final int HEATMAP_WIDTH = 300;
    static final int BARS_WIDTH = 520;
    static final int BARS_HEIGHT = 300;
    static final String BUTTON_WIDTH = "72px";

    private final ScopeResult result;
    private final int grid;
    private final int top;
    private final Dropdown layer;
    private final Dropdown token;
    private final IntSlider row;
    private final IntSlider col;
    private final IntSlider rank;
    private final HBox buttons = new HBox();
    private final HTML caption = new HTML("");
    private final Image heatmap = new Image();
    private final Image bars = new Image();
    private final VBox root;
    private ActiveLatents ranked;
    private boolean reranking;

    private Explorer(ScopeResult result, int startLayer, int grid, int top) {
        this.result = result;
        this.grid = grid;
        this.top = top;
        this.layer = new Dropdown(result.layers().stream().map(String::valueOf).toList())
                .value(String.valueOf(startLayer)).description("layer");
        this.token = new Dropdown("CLS", "patch").description("token");
        this.row = new IntSlider().range(0, grid - 1).value(grid / 2).description("row").disabled(true);
        this.col = new IntSlider().range(0, grid - 1).value(grid / 2).description("column").disabled(true);
        this.rank = new IntSlider().range(1, top).description("rank");
        row.continuousUpdate(false);
        col.continuousUpdate(false);
        rank.continuousUpdate(false);
        this.root = new VBox(new HBox(layer, token), new HBox(row, col), new HBox(rank, caption), buttons,
                new HBox(heatmap, bars));
        layer.onChange(v -> rerank());
        token.onChange(v -> {
            boolean patch = v.equals("patch");
            row.disabled(!patch);
            col.disabled(!patch);
            rerank();
        });
        row.onChange(v -> rerank());
        col.onChange(v -> rerank());
        rank.onChange(v -> {
            if (!reranking) {
                redrawHeatmap();
            }
        });
        rerank();
    }

    /**
     * An explorer of {@code result} (its first image) starting at {@code layer}; {@code grid} is the model's patch
     * grid side, {@code top} how many latents the token's ranking shows.
     */
    public static Explorer of(ScopeResult result, int layer, int grid, int top) {
        if (!result.layers().contains(layer)) {
            throw new IllegalArgumentException("Layer " + layer + " is not in this result; it has " + result.layers() + ".");
        }
        if (top < 1) {
            throw new IllegalArgumentException("An explorer shows at least one latent; top was " + top + ".");
        }
        return new Explorer(result, layer, grid, top);
    }

    /** The layout of all the widgets, as shown. */
    public VBox widget() {
        return root;
    }

    public Dropdown layer() {
        return layer;
    }

    public Dropdown token() {
        return token;
    }

    public IntSlider row() {
        return row;
    }

    public IntSlider column() {
        return col;
    }

    /** Which of the token's ranked latents the heatmap shows, 1 for the largest. */
    public IntSlider rank() {
        return rank;
    }

    /** The latent id the heatmap shows. */
    public synchronized int latent() {
        return ranked.ids()[Math.min(rank.value(), ranked.count()) - 1];
    }

    /** The token's ranked latents, largest first. */
    public synchronized ActiveLatents ranking() {
        return ranked;
    }

    public Image heatmap() {
        return heatmap;
    }

    public Image bars() {
        return bars;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return root.toMimeBundle();
    }

    @Override
    public String toString() {
        return "Explorer(layer " + layer.value() + ", " + tokenContext().token() + ", latent " + latent() + ")";
    }

    private LayerResult layerResult() {
        return result.layer(Integer.parseInt(layer.value()));
    }

    private int tokenIndex() {
        return token.value().equals("patch") ? 1 + row.value() * grid + col.value() : 0;
    }

    private TokenContext tokenContext() {
        int layerId = Integer.parseInt(layer.value());
        return tokenIndex() == 0 ? TokenContext.cls(layerId) : TokenContext.patch(layerId, tokenIndex() - 1, grid);
    }

    /** A new layer or token: rank its latents, redraw the bars and the buttons, then the heatmap. */
    private synchronized void rerank() {
        ActiveLatents all = ActiveLatents.fromDense(layerResult().sae().latentRow(tokenIndex())).sortedByValue();
        ranked = all.first(Math.min(top, Math.max(1, all.count())));
        if (ranked.count() == 0) {
            bars.value(new byte[0]);
        } else {
            show(bars, ActiveLatentsChart.builder(ranked).context(tokenContext()).size(BARS_WIDTH, BARS_HEIGHT)
                    .demo(result.demo()).build());
        }
        List<Widget> choices = new ArrayList<>();
        for (int i = 0; i < ranked.count(); i++) {
            int position = i + 1;
            Button button = new Button(String.valueOf(ranked.ids()[i])).tooltip("rank " + position)
                    .onClick(() -> rank.value(position));
            button.layout().width(BUTTON_WIDTH);
            choices.add(button);
        }
        buttons.children(choices);
        reranking = true;
        try {
            rank.range(1, Math.max(1, ranked.count())).value(1);
        } finally {
            reranking = false;
        }
        redrawHeatmap();
    }

    /** Puts {@code view} in {@code image} at its logical size (the picture is drawn at a higher density). */
    private static void show(Image image, View view) {
        BufferedImage picture = view.toImage();
        image.value(Png.encode(picture)).width(picture.getWidth() / Png.DEFAULT_SCALE);
    }

    private synchronized void redrawHeatmap() {
        if (ranked.count() == 0) {
            caption.value("<i>" + Html.escape(tokenContext().describe()) + ": no active latents</i>");
            heatmap.value(new byte[0]);
            return;
        }
        int latent = latent();
        int layerId = Integer.parseInt(layer.value());
        float[] overTokens = layerResult().latentOverTokens(latent);
        show(heatmap, PatchHeatmap.builder(result.crops().get(0), PatchGrid.fromTokens(overTokens))
                .title(PatchHeatmap.title(latent, layerId, overTokens[0])).imageWidth(HEATMAP_WIDTH)
                .demo(result.demo()).build());
        caption.value("<b>latent " + latent + "</b> · " + Html.escape(tokenContext().describe()) + " · value "
                + Drawing.number(ranked.values()[rank.value() - 1]));
    }
}
