package dev.scope.views;

import dev.scope.engine.sae.Definition;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.SubstitutionCost;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What each layer's SAE costs CLIP's zero-shot head ({@link Costs}): the KL divergence, the top-1 agreement and
 * the image embedding's cosine with the reconstruction spliced in, each beside the same figure with the layer
 * zeroed, and the share recovered; as charts, one table, and a table of the definitions. Every title and
 * caption names the input mode.
 *
 * <pre>
 * var views = CostCharts.builder(costs).build();
 * views.overview().toPng(); views.table().toHtml();
 * </pre>
 */
public final class CostCharts {

    static final String SPLICED = "SAE reconstruction spliced in";
    static final String ZEROED = "layer zeroed";

    private final Costs costs;
    private final int width;
    private final int height;
    private final boolean demo;

    private CostCharts(Builder b) {
        this.costs = b.costs;
        this.width = b.width;
        this.height = b.height;
        this.demo = b.demo;
    }

    public static Builder builder(Costs costs) {
        return new Builder(costs);
    }

    public ChartView kl() {
        CategoryChart chart = base("KL divergence to the clean labels", "KL (nats)");
        chart.addSeries(SPLICED, labels(), values(SubstitutionCost::kl)).setFillColor(ChartStyle.MEASURED);
        chart.addSeries(ZEROED, labels(), values(SubstitutionCost::klZero)).setFillColor(ChartStyle.CARD);
        return finish(chart);
    }

    public ChartView shareRecovered() {
        CategoryChart chart = base("Share recovered (1: nothing lost, 0: as zeroing)", "share recovered");
        chart.getStyler().setLegendVisible(false);
        List<Double> shares = values(SubstitutionCost::shareRecovered).stream().map(v -> Double.isFinite(v) ? v : 0.0)
                .toList();
        chart.getStyler().setYAxisMin(Math.min(0, shares.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
        chart.getStyler().setYAxisMax(1.0);
        chart.addSeries(SPLICED, labels(), shares).setFillColor(ChartStyle.SECOND);
        return finish(chart);
    }

    public ChartView agreement() {
        CategoryChart chart = base("Top-1 label unchanged", "share of images");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.addSeries(SPLICED, labels(), values(SubstitutionCost::agreement)).setFillColor(ChartStyle.MEASURED);
        chart.addSeries(ZEROED, labels(), values(SubstitutionCost::agreementZero)).setFillColor(ChartStyle.CARD);
        return finish(chart);
    }

    public ChartView cosine() {
        CategoryChart chart = base("Image embedding's cosine to the clean one", "cosine");
        chart.getStyler().setYAxisMax(1.0);
        chart.addSeries(SPLICED, labels(), values(SubstitutionCost::cosine)).setFillColor(ChartStyle.MEASURED);
        chart.addSeries(ZEROED, labels(), values(SubstitutionCost::cosineZero)).setFillColor(ChartStyle.CARD);
        return finish(chart);
    }

    /** The four charts in a 2×2 picture. */
    public View overview() {
        List<ChartView> charts = List.of(kl(), shareRecovered(), agreement(), cosine());
        return () -> Tiles.grid(charts.stream().map(ChartView::toImage).toList(), 2, 6, "", Png.DEFAULT_SCALE);
    }

    /** Every figure, one row per layer. */
    public TableView table() {
        DoubleColumn kl = column("KL", SubstitutionCost::kl);
        DoubleColumn klZero = column("KL (layer zeroed)", SubstitutionCost::klZero);
        DoubleColumn share = column("share recovered", SubstitutionCost::shareRecovered);
        DoubleColumn agree = column("top-1 agreement", SubstitutionCost::agreement);
        DoubleColumn agreeZero = column("top-1 agreement (layer zeroed)", SubstitutionCost::agreementZero);
        DoubleColumn cos = column("embedding cosine", SubstitutionCost::cosine);
        DoubleColumn cosZero = column("embedding cosine (layer zeroed)", SubstitutionCost::cosineZero);
        for (DoubleColumn c : List.of(kl, klZero, share, cos, cosZero)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        for (DoubleColumn c : List.of(agree, agreeZero)) {
            c.setPrintFormatter(NumberColumnFormatter.percent(1));
        }
        IntColumn layer = IntColumn.create("layer", costs.layers().stream().mapToInt(Integer::intValue).toArray());
        Table table = Table.create("cost per layer", layer, kl, klZero, share, agree, agreeZero, cos, cosZero);
        return new TableView(table, caption(), demo);
    }

    /** Each figure's definition in one line. */
    public TableView definitions() {
        List<Definition> all = SubstitutionCost.DEFINITIONS;
        Table table = Table.create("definitions",
                StringColumn.create("figure", all.stream().map(Definition::name).toList()),
                StringColumn.create("definition", all.stream().map(Definition::definition).toList()));
        return new TableView(table, "How each figure is defined: CLIP runs clean, with the layer's SAE reconstruction"
                + " in place of its residual on every token, and with the residual zeroed.", demo);
    }

    /** What was measured, in one line: images, prompts and the SAE's input mode. */
    String caption() {
        return String.format(Locale.ROOT, "What splicing each layer's SAE reconstruction into CLIP costs its zero-shot"
                + " labels: %d image%s, %d prompts; SAE inputs %s.", costs.images(), costs.images() == 1 ? "" : "s",
                costs.prompts(), costs.input().describe());
    }

    private CategoryChart base(String title, String yTitle) {
        return PerLayerBars.chart(width, height, title, costs.input().mode(), yTitle, demo);
    }

    private ChartView finish(CategoryChart chart) {
        return PerLayerBars.view(chart, demo);
    }

    private List<String> labels() {
        return costs.layers().stream().map(String::valueOf).toList();
    }

    private List<Double> values(ToDoubleFunction<SubstitutionCost> value) {
        return costs.byLayer().values().stream().map(value::applyAsDouble).toList();
    }

    private DoubleColumn column(String name, ToDoubleFunction<SubstitutionCost> value) {
        return DoubleColumn.create(name, costs.byLayer().values().stream().mapToDouble(value));
    }

    public static final class Builder extends ChartBuilder<Builder, CostCharts> {
        private final Costs costs;

        private Builder(Costs costs) {
            super(CostCharts::new, 640, 380);
            if (costs == null || costs.byLayer().isEmpty()) {
                throw new IllegalArgumentException("There are no measured layers; pass the cost of at least one.");
            }
            this.costs = costs;
            demo(costs.demo());
        }
    }
}
