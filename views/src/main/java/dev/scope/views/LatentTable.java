package dev.scope.views;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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
        float[] values = sorted.values();
        double l1 = sorted.l1Norm();
        double[] shares = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            shares[i] = l1 > 0 ? Math.abs(values[i]) / l1 : Double.NaN; // all-zero values have no shares
        }
        DoubleColumn value = DoubleColumn.create(VALUE, values);
        value.setPrintFormatter(new DecimalFormat("0.0000", DecimalFormatSymbols.getInstance(Locale.ROOT)), "");
        DoubleColumn share = DoubleColumn.create(L1_SHARE, shares);
        share.setPrintFormatter(NumberColumnFormatter.percent(1));
        return Table.create("active latents", IntColumn.create(ID, sorted.ids()), value, share);
    }

    /** The table with a caption naming the token, ready for a notebook. */
    public static TableView view(ActiveLatents latents, TokenContext context, boolean demo) {
        String where = context == null ? "" : context.describe() + " · ";
        String caption = where + latents.count() + " active latents · share of L1 = |value| / Σ|value|";
        return new TableView(table(latents), caption, demo);
    }
}
