package dev.scope.views;

import dev.scope.engine.sae.Definition;
import dev.scope.engine.sae.ModelCard;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.TrainingCounters;
import dev.scope.engine.scan.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * SAE quality per layer: MSE and explained variance, measured beside the model card's figures (grouped bars),
 * L0, and the fractions of latents that fired / never fired, as charts; every figure (with the checkpoints' own
 * dead-latent counters) in one table; and a table of the definitions. Every title and caption names the input
 * mode the figures were measured in.
 *
 * <pre>
 * var views = LayerMetricsCharts.builder(metrics).build();   // metrics: the engine's; card = ModelCard.FIGURES
 * views.mse().toPng(); views.table().toHtml(); views.definitions().toHtml();
 * </pre>
 */
public final class LayerMetricsCharts {

    static final String MEASURED = "measured";
    static final String FIRED = "fired at least once";
    static final String NEVER_FIRED = "never fired";
    /** The card's series in a chart's legend. */
    static final String CARD_LEGEND = "model card (" + ModelCard.SPACE + ")";

    private final SortedMap<Integer, ReconstructionMetrics> measured;
    private final SaeInput.Mode mode;
    private final String modeLine;
    private final int images;
    private final SortedMap<Integer, TrainingCounters> training;
    private final Map<Integer, ModelCard.Figures> card;
    private final int width;
    private final int height;
    private final boolean demo;

    private LayerMetricsCharts(Builder b) {
        this.measured = b.measured;
        this.mode = b.mode;
        this.modeLine = b.modeLine;
        this.images = b.images;
        this.training = b.training;
        this.card = new TreeMap<>();
        for (ModelCard.Figures figures : b.card) {
            card.put(figures.layer(), figures);
        }
        this.width = b.width;
        this.height = b.height;
        this.demo = b.demo;
    }

    /** The engine's figures, with their mode, image count and the checkpoints' counters. */
    public static Builder builder(Metrics measured) {
        return new Builder(measured.byLayer()).input(measured.input(), measured.images()).training(measured.training());
    }

    public static Builder builder(SortedMap<Integer, ReconstructionMetrics> measured) {
        return new Builder(measured);
    }

    /** "batch-standardised inputs": the mode in a chart title. */

    /** The measured layers, in layer order: the x axis of every chart and the rows of the table. */
    public List<Integer> layers() {
        return List.copyOf(measured.keySet());
    }

    public ChartView mse() {
        return compared("MSE per layer", "MSE", ReconstructionMetrics::mse, ModelCard.Figures::mse);
    }

    public ChartView explainedVariance() {
        return compared("Explained variance per layer", "explained variance", ReconstructionMetrics::explainedVariance,
                ModelCard.Figures::explainedVariance);
    }

    public ChartView l0() {
        CategoryChart chart = base("L0 per layer (active latents per token)", "L0");
        chart.getStyler().setLegendVisible(false);
        // top-k makes L0 (nearly) the same on every layer: print the values, and leave headroom for ticks
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(Drawing.font(java.awt.Font.PLAIN, 10.5f));
        chart.getStyler().setLabelsFontColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsPosition(0.9);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.2 * measured.values().stream().mapToDouble(ReconstructionMetrics::l0).max().orElse(1) + 1e-9);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.addSeries(MEASURED, labels(), values(ReconstructionMetrics::l0)).setFillColor(ChartStyle.MEASURED);
        return finish(chart);
    }

    public ChartView latentActivity() {
        CategoryChart chart = base("Latents that fired on these images", "fraction of latents");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.addSeries(FIRED, labels(), values(ReconstructionMetrics::fractionActive)).setFillColor(ChartStyle.SECOND);
        chart.addSeries(NEVER_FIRED, labels(), values(ReconstructionMetrics::fractionNeverActive))
                .setFillColor(ChartStyle.NEGATIVE);
        return finish(chart);
    }

    /** The four charts in a 2×2 picture (each chart carries its own DEMO marking). */
    public View overview() {
        List<ChartView> charts = List.of(mse(), explainedVariance(), l0(), latentActivity());
        return () -> Tiles.grid(charts.stream().map(ChartView::toImage).toList(), 2, 6, "", Png.DEFAULT_SCALE);
    }

    /**
     * Every figure, one row per measured layer: the card's beside the measured where the card has them, and the
     * checkpoint's own dead-latent count and training tokens beside the latents that never fired here.
     */
    public TableView table() {
        DoubleColumn mse = column("MSE", ReconstructionMetrics::mse);
        DoubleColumn mseCard = DoubleColumn.create("MSE (card)", cardValues(ModelCard.Figures::mse));
        DoubleColumn ev = column("explained variance", ReconstructionMetrics::explainedVariance);
        DoubleColumn evCard = DoubleColumn.create("explained variance (card)", cardValues(ModelCard.Figures::explainedVariance));
        DoubleColumn evMean = column("explained variance (dataset mean)", ReconstructionMetrics::explainedVarianceDatasetMean);
        DoubleColumn nmse = column("normalised MSE", ReconstructionMetrics::nmse);
        DoubleColumn l0 = column("L0", ReconstructionMetrics::l0);
        DoubleColumn active = column(FIRED, ReconstructionMetrics::fractionActive);
        DoubleColumn never = column(NEVER_FIRED, ReconstructionMetrics::fractionNeverActive);
        IntColumn dead = IntColumn.create("dead latents", measured.values().stream().mapToInt(ReconstructionMetrics::deadLatents).toArray());
        DoubleColumn deadTraining = DoubleColumn.create("dead in training", measured.keySet().stream().mapToDouble(l ->
                trainingOf(l).dead().stream().mapToDouble(n -> n).findFirst().orElse(Double.NaN)).toArray());
        DoubleColumn trainedOn = DoubleColumn.create("training tokens", measured.keySet().stream().mapToDouble(l ->
                trainingOf(l).tokenCount().stream().mapToDouble(n -> n).findFirst().orElse(Double.NaN)).toArray());
        for (DoubleColumn column : List.of(mse, mseCard, l0)) {
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        }
        for (DoubleColumn column : List.of(ev, evCard, evMean, nmse)) {
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        for (DoubleColumn column : List.of(active, never)) {
            column.setPrintFormatter(NumberColumnFormatter.percent(2));
        }
        for (DoubleColumn column : List.of(deadTraining, trainedOn)) {
            column.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        }
        IntColumn layer = IntColumn.create("layer", measured.keySet().stream().mapToInt(Integer::intValue).toArray());
        Table table = Table.create("layer metrics", layer, mse, mseCard, ev, evCard, evMean, nmse, l0, active, never, dead,
                deadTraining, trainedOn);
        return new TableView(table, "SAE metrics per layer, " + modeLine + (images > 0 ? "; " + images
                + (images == 1 ? " image" : " images") : "") + ". " + ModelCard.comparability(mode, images), demo);
    }

    /** Each figure's definition in one line (x the SAE's input in the mode's space, x̂ its reconstruction). */
    public TableView definitions() {
        List<Definition> all = ReconstructionMetrics.DEFINITIONS;
        Table table = Table.create("definitions",
                StringColumn.create("figure", all.stream().map(Definition::name).toList()),
                StringColumn.create("definition", all.stream().map(Definition::definition).toList()),
                StringColumn.create("on the card", all.stream().map(d -> d.onCard() ? "yes" : "").toList()));
        return new TableView(table, "How each figure is defined: x is what the SAE read (" + PerLayerBars.modeTitle(mode)
                + "), x̂ its reconstruction, t a token.", demo);
    }

    private DoubleColumn column(String name, ToDoubleFunction<ReconstructionMetrics> value) {
        return DoubleColumn.create(name, measured.values().stream().mapToDouble(value));
    }

    private TrainingCounters trainingOf(int layer) {
        return training.getOrDefault(layer, TrainingCounters.NONE);
    }

    private ChartView compared(String title, String yTitle, ToDoubleFunction<ReconstructionMetrics> measuredValue,
            ToDoubleFunction<ModelCard.Figures> cardValue) {
        CategoryChart chart = base(title, yTitle);
        chart.addSeries(MEASURED, labels(), values(measuredValue)).setFillColor(ChartStyle.MEASURED);
        List<Double> cardValues = new ArrayList<>();
        for (int layer : measured.keySet()) {
            ModelCard.Figures figures = card.get(layer);
            cardValues.add(figures == null ? null : cardValue.applyAsDouble(figures));
        }
        if (cardValues.stream().anyMatch(v -> v != null)) {
            chart.addSeries(CARD_LEGEND, labels(), cardValues).setFillColor(ChartStyle.CARD);
        }
        return finish(chart);
    }

    private CategoryChart base(String title, String yTitle) {
        return PerLayerBars.chart(width, height, title, mode, yTitle, demo);
    }

    private ChartView finish(CategoryChart chart) {
        return PerLayerBars.view(chart, demo);
    }

    private List<String> labels() {
        return measured.keySet().stream().map(String::valueOf).toList();
    }

    private List<Double> values(ToDoubleFunction<ReconstructionMetrics> value) {
        return measured.values().stream().map(value::applyAsDouble).toList();
    }

    private double[] cardValues(ToDoubleFunction<ModelCard.Figures> value) {
        return measured.keySet().stream().mapToDouble(layer -> {
            ModelCard.Figures figures = card.get(layer);
            return figures == null ? Double.NaN /* Tablesaw's missing value */ : value.applyAsDouble(figures);
        }).toArray();
    }

    public static final class Builder extends ChartBuilder<Builder, LayerMetricsCharts> {
        private final SortedMap<Integer, ReconstructionMetrics> measured;
        private List<ModelCard.Figures> card = ModelCard.FIGURES;
        private SaeInput.Mode mode = SaeInput.Mode.RAW;
        private String modeLine = SaeInput.RAW.describe();
        private int images;
        private SortedMap<Integer, TrainingCounters> training = new TreeMap<>();

        private Builder(SortedMap<Integer, ReconstructionMetrics> measured) {
            super(LayerMetricsCharts::new, 640, 380);
            if (measured == null || measured.isEmpty()) {
                throw new IllegalArgumentException("There are no measured layers; pass the figures of at least one.");
            }
            for (Map.Entry<Integer, ReconstructionMetrics> e : measured.entrySet()) {
                check(e.getKey(), e.getValue());
            }
            this.measured = new TreeMap<>(measured);
        }

        /** Only figures a chart can draw: finite, non-negative sums, fractions from 0 to 1. */
        private static void check(int layer, ReconstructionMetrics m) {
            for (double value : new double[] {m.mse(), m.explainedVariance(), m.l0(), m.nmse()}) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("Layer " + layer + " has a figure of " + value
                            + "; pass finite numbers.");
                }
            }
            if (m.mse() < 0 || m.l0() < 0) {
                throw new IllegalArgumentException("Layer " + layer + " has a negative MSE or L0; both are sums of "
                        + "non-negative terms, so check how they were computed.");
            }
            for (double fraction : new double[] {m.fractionActive(), m.fractionNeverActive()}) {
                if (!(fraction >= 0 && fraction <= 1)) {
                    throw new IllegalArgumentException("Layer " + layer + " has a fraction of latents of " + fraction
                            + "; pass a fraction from 0 to 1.");
                }
            }
        }

        /** The mode the figures were measured in, and over how many images (0: unknown). */
        public Builder input(SaeInput input, int images) {
            this.mode = input.mode();
            this.modeLine = input.describe();
            this.images = images;
            return this;
        }

        /** The checkpoints' training counters, by layer, for the table. */
        public Builder training(SortedMap<Integer, TrainingCounters> training) {
            this.training = new TreeMap<>(training);
            return this;
        }

        /** The reference figures; {@link ModelCard#FIGURES} by default, an empty list for none. */
        public Builder card(List<ModelCard.Figures> card) {
            this.card = card == null ? List.of() : List.copyOf(card);
            return this;
        }
    }
}
