package dev.scope.views;

import java.util.List;
import java.util.Optional;

/**
 * The published figures of the CLIP ViT-L scope (TopK SAEs, k = 32, 65,536 latents, d_in 1024), per layer, in
 * one place. The card's figures came from batch-standardised inputs, so they are a reference for the shape
 * across layers more than a target to match digit by digit.
 */
public final class ModelCard {

    /** One layer's figures as the model card gives them. */
    public record Figures(int layer, double mse, double explainedVariance) {}

    public static final String SOURCE = "CLIP ViT-L scope model card";

    /** Shown wherever card figures are: as chart legend text and in table captions. */
    public static final String NOTE = "Model card figures came from batch-standardised inputs.";

    /** Short form of {@link #NOTE} for a chart legend. */
    static final String LEGEND = "model card (batch-standardised inputs)";

    public static final List<Figures> FIGURES = List.of(
            new Figures(2, 267.95, 0.763),
            new Figures(5, 354.46, 0.665),
            new Figures(8, 357.58, 0.642),
            new Figures(11, 321.23, 0.674),
            new Figures(14, 319.64, 0.689),
            new Figures(17, 261.20, 0.731),
            new Figures(20, 278.06, 0.706),
            new Figures(22, 299.96, 0.684));

    private ModelCard() {}

    public static Optional<Figures> forLayer(int layer) {
        return FIGURES.stream().filter(f -> f.layer() == layer).findFirst();
    }
}
