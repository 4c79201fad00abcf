package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LatentTableTest {

    private static final ActiveLatents ACTIVE =
            new ActiveLatents(new int[] {10, 20, 30, 40}, new float[] {1f, 4f, -3f, 2f});

    @Test
    void columnsAreIdValueAndL1ShareSortedByValue() {
        Table table = LatentTable.table(ACTIVE);
        assertEquals(List.of("id", "value", "share of L1"), table.columnNames());
        assertEquals(List.of(20, 40, 10, 30), table.intColumn(LatentTable.ID).asList());
        assertEquals(List.of(4.0, 2.0, 1.0, -3.0), table.doubleColumn(LatentTable.VALUE).asList());
        assertEquals(List.of(0.4, 0.2, 0.1, 0.3), table.doubleColumn(LatentTable.L1_SHARE).asList());
        assertEquals(1.0, table.doubleColumn(LatentTable.L1_SHARE).sum(), 1e-12);
    }

    @Test
    void sharesOfRandomValuesSumToOne() {
        var random = new java.util.Random(3);
        var active = Synthetic.latents(random, 32, 65_536, true);
        assertEquals(1.0, LatentTable.table(active).doubleColumn(LatentTable.L1_SHARE).sum(), 1e-9);
    }

    @Test
    void htmlIsOneCompactTableWithCaptionAndRows() {
        String html = LatentTable.view(ACTIVE, TokenContext.cls(22), false).toHtml();
        assertTrue(html.startsWith("<table") && html.endsWith("</table>"), html);
        assertTrue(html.contains("<caption"), html);
        assertTrue(html.contains("Layer 22 · CLS · 4 active latents"), html);
        assertEquals(5, html.split("<tr>", -1).length - 1, "header row + 4 rows");
        assertTrue(html.contains(">40.0%<") && html.contains(">-3.0000<"), html);
        assertFalse(html.contains(DemoMark.TEXT));
    }

    @Test
    void demoIsInTheCaptionOfHtmlAndText() {
        TableView view = LatentTable.view(ACTIVE, TokenContext.cls(22), true);
        assertTrue(view.toHtml().contains(DemoMark.TEXT));
        String text = view.toText();
        assertTrue(text.startsWith(DemoMark.TEXT + " · Layer 22 · CLS"), text);
        assertTrue(text.contains("40.0%") && text.contains("20"), text);
    }

    @Test
    void htmlEscapesWhatItShows() {
        Table table = Table.create("t", tech.tablesaw.api.StringColumn.create("name", "<b>&\"x\""));
        String html = new TableView(table, "a < b", false).toHtml();
        assertTrue(html.contains(">&lt;b&gt;&amp;&quot;x&quot;<"), html);
        assertTrue(html.contains("a &lt; b"), html);
        assertTrue(html.contains("text-align:left"), "text columns are left-aligned");
    }
}
