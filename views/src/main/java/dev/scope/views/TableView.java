package dev.scope.views;

import dev.scope.kernel.ext.Html;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderable;

import java.util.Objects;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table with its caption, shown as a compact HTML {@code <table>} with a text/plain fallback. Styles
 * are inline so that the notebook's own CSS neither breaks the table nor is changed by it.
 */
public record TableView(Table table, String caption, boolean demo) implements Renderable {

    private static final String FONT = "font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;";
    private static final String CELL = "padding:2px 10px;border-bottom:1px solid #e6e6e6;";
    private static final String HEAD = "padding:2px 10px;border-bottom:2px solid #999;font-weight:600;";

    public TableView {
        Objects.requireNonNull(table, "The table is missing; pass a Tablesaw Table.");
        caption = caption == null ? "" : caption;
    }

    /** The caption as shown, with the DEMO text in front when marked. */
    public String fullCaption() {
        return DemoMark.caption(caption, demo);
    }

    public String toHtml() {
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"scope-table\" style=\"border-collapse:collapse;font-size:12px;").append(FONT)
                .append("\">");
        String shown = fullCaption();
        if (!shown.isEmpty()) {
            html.append("<caption style=\"caption-side:top;text-align:left;padding:4px 0;color:#333\">");
            if (demo) {
                html.append("<span style=\"background:#E69F00;color:#1a1a1a;font-weight:700;padding:1px 6px;"
                        + "border-radius:3px\">").append(Html.escape(DemoMark.TEXT)).append("</span> ");
                html.append(Html.escape(caption));
            } else {
                html.append(Html.escape(caption));
            }
            html.append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"").append(HEAD).append("text-align:")
                    .append(align(column)).append("\">").append(Html.escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int row = 0; row < table.rowCount(); row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td style=\"").append(CELL).append("text-align:").append(align(column))
                        .append(";font-variant-numeric:tabular-nums\">").append(Html.escape(column.getString(row)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** The text/plain fallback: the caption, then Tablesaw's own print-out of every row. */
    public String toText() {
        String shown = fullCaption();
        String printed = table.printAll();
        return shown.isEmpty() ? printed : shown + "\n" + printed;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.html(toHtml(), toText());
    }

    private static String align(Column<?> column) {
        return column instanceof NumericColumn<?> ? "right" : "left";
    }
}
