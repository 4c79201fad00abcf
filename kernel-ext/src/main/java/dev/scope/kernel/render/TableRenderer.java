package dev.scope.kernel.render;

import dev.scope.kernel.ext.Html;
import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderer;
import tech.tablesaw.table.Relation;

/** Tablesaw tables → an HTML table (head and tail rows when long) with the text table as fallback. */
public final class TableRenderer implements Renderer<Relation> {

    static final int MAX_ROWS = 40;

    @Override
    public MimeBundle render(Relation table) {
        int rows = table.rowCount();
        StringBuilder html = new StringBuilder("<table class=\"scope-table\">");
        html.append("<caption>").append(Html.escape(caption(table))).append("</caption><thead><tr>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int head = rows <= MAX_ROWS ? rows : MAX_ROWS / 2;
        for (int r = 0; r < head; r++) {
            row(html, table, r);
        }
        if (rows > MAX_ROWS) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                    .append(rows - MAX_ROWS).append(" more rows …</td></tr>");
            for (int r = rows - MAX_ROWS / 2; r < rows; r++) {
                row(html, table, r);
            }
        }
        html.append("</tbody></table>");
        return MimeBundle.html(html.toString(), table.print(MAX_ROWS));
    }

    private static String caption(Relation table) {
        String name = table.name() == null ? "" : table.name() + ": ";
        return name + table.rowCount() + " rows × " + table.columnCount() + " columns";
    }

    private static void row(StringBuilder html, Relation table, int r) {
        html.append("<tr>");
        for (int c = 0; c < table.columnCount(); c++) {
            html.append("<td>").append(Html.escape(table.getString(r, c))).append("</td>");
        }
        html.append("</tr>");
    }
}
