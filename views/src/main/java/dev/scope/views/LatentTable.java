package dev.scope.views;

import dev.scope.engine.ScopeResult;
import dev.scope.engine.resid.TokenLayout;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * One token's active latents as a table: id, value, and share of the L1 norm (|value| / Σ|value|), sorted by
 * value, largest first — the same order as {@link ActiveLatentsChart}.
 */
public final class LatentTable {

    public static final String ID = "id";
    public static final String VALUE = "value";
    public static final String L1_SHARE = "share of L1";

    private LatentTable() {}

    /** The table alone. */
    public static Table table(ActiveLatents latents) {
        ActiveLatents sorted = latents.sortedByValue();
        DoubleColumn value = valueColumn(sorted.values());
        DoubleColumn share = shareColumn(sorted.l1Shares());
        return Table.create("active latents", IntColumn.create(ID, sorted.ids()), value, share);
    }

    /**
     * Each layer's {@code n} strongest CLS latents of a forward result's first image, with their share of the CLS
     * token's L1 norm (over all its active latents, not only those shown).
     */
    public static TableView clsTop(ScopeResult result, int n) {
        IntColumn layers = IntColumn.create("layer");
        IntColumn rank = IntColumn.create("rank");
        IntColumn latent = IntColumn.create("latent");
        List<Float> values = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int layer : result.layers()) {
            ActiveLatents cls = ActiveLatents.fromDense(result.layer(layer).sae().latentRow(TokenLayout.CLS)).sortedByValue();
            double[] all = cls.l1Shares();
            ActiveLatents top = cls.first(n);
            for (int i = 0; i < top.count(); i++) {
                layers.append(layer);
                rank.append(i + 1);
                latent.append(top.ids()[i]);
                values.add(top.values()[i]);
                shares.add(all[i]);
            }
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        Table table = Table.create("top latents", layers, rank, latent, valueColumn(v),
                shareColumn(shares.stream().mapToDouble(Double::doubleValue).toArray()));
        return new TableView(table, "Top " + n + " CLS latents per layer · " + result.names().get(0), result.demo());
    }

    /** The table with a caption naming the token, ready for a notebook. */
    public static TableView view(ActiveLatents latents, TokenContext context, boolean demo) {
        String where = context == null ? "" : context.describe() + " · ";
        String caption = where + latents.count() + " active latents · share of L1 = |value| / Σ|value|";
        return new TableView(table(latents), caption, demo);
    }

    private static DoubleColumn valueColumn(float[] values) {
        DoubleColumn value = DoubleColumn.create(VALUE, values);
        value.setPrintFormatter(new DecimalFormat("0.0000", DecimalFormatSymbols.getInstance(Locale.ROOT)), "");
        return value;
    }

    private static DoubleColumn shareColumn(double[] shares) {
        DoubleColumn share = DoubleColumn.create(L1_SHARE, shares);
        share.setPrintFormatter(NumberColumnFormatter.percent(1));
        return share;
    }
}
