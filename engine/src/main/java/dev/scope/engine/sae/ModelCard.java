package dev.scope.engine.sae;

import java.util.List;
import java.util.Optional;

/**
 * What the CLIP ViT-L scope's model card and training code say, in one place: each layer's published MSE and
 * explained variance (TopK SAEs, k = 32, 65,536 latents, d_in 1024), and how training measured them. Training
 * standardised each batch of {@link #BATCH_TOKENS} tokens per dimension with that batch's own mean and
 * standard deviation ({@link SaeInput.Mode#BATCH}), so the card's figures live in that space; a latent
 * counted as dead once it had not fired for {@link #DEAD_AFTER_TOKENS} tokens.
 */
public final class ModelCard {

    /** One layer's figures as the model card gives them. */
    public record Figures(int layer, double mse, double explainedVariance) {}

    public static final String SOURCE = "CLIP ViT-L scope model card";

    /** Images per training batch: {@link #BATCH_TOKENS} tokens of 257 (CLS and 16 × 16 patches). */
    public static final int BATCH_IMAGES = 128;
    /** Tokens per training batch, each batch standardised with its own statistics. */
    public static final int BATCH_TOKENS = 32_896;
    /** A latent that has not fired for this many tokens counts as dead (the checkpoints' {@code dead_latents}). */
    public static final long DEAD_AFTER_TOKENS = 10_000_000;

    /** The space the card's figures were measured in, for captions and legends. */
    public static final String SPACE = "batch-standardised inputs";

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

    /**
     * What can be compared with the card in a mode: one sentence for every metric view. The card's MSE is a
     * squared distance in the batch-standardised space, so only batch mode measures it in the same units.
     */
    public static String comparability(SaeInput.Mode mode, int images) {
        String few = images < BATCH_IMAGES ? " Only " + images + " image" + (images == 1 ? "" : "s")
                + " here, fewer than the card's batches of " + BATCH_IMAGES + " (" + String.format("%,d", BATCH_TOKENS)
                + " tokens): the batch statistics are noisy." : "";
        return switch (mode) {
            case BATCH -> "The card's MSE and explained variance were measured the same way (batch-standardised"
                    + " inputs): compare them directly; the images differ." + few;
            case DATASET -> "The card's figures come from batch-standardised inputs; dataset standardisation is the same"
                    + " space up to the statistics, so MSE and explained variance compare closely.";
            case RAW -> "The card's figures come from batch-standardised inputs: its MSE is in other units than these"
                    + " raw-stream figures; measure with --standardise batch to compare.";
        };
    }
}
