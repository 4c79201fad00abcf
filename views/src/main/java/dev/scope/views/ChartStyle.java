package dev.scope.views;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** One look for every XChart view: white background, light grid, colour-blind-safe Okabe–Ito colours. */
final class ChartStyle {

    static final Color POSITIVE = new Color(0x0072B2);
    static final Color NEGATIVE = new Color(0xD55E00);
    static final Color MEASURED = new Color(0x0072B2);
    static final Color CARD = new Color(0xA0A0A0);
    static final Color SECOND = new Color(0x009E73);

    private ChartStyle() {}

    static void apply(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xE3E3E3));
        styler.setPlotGridLinesStroke(new BasicStroke(0.8f));
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setChartFontColor(Drawing.TEXT);
        styler.setChartTitleFont(Drawing.font(Font.BOLD, 14f));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitlePadding(8);
        styler.setAxisTitleFont(Drawing.font(Font.PLAIN, 12f));
        styler.setAxisTickLabelsFont(Drawing.font(Font.PLAIN, 10.5f));
        styler.setAxisTickLabelsColor(Drawing.TEXT);
        styler.setAxisTickMarksColor(new Color(0x999999));
        styler.setLegendFont(Drawing.font(Font.PLAIN, 11f));
        styler.setLegendBorderColor(new Color(0xDDDDDD));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartPadding(12);
        styler.setToolTipsEnabled(false);
    }
}
