package dev.scope.engine.sae;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a clipscope checkpoint records of its training: {@code token_count} (tokens trained on),
 * {@code n_iter} (the step) and {@code dead_latents}, one counter per latent of the tokens since it last
 * fired (reset to 0 when it fires, grown by each batch's tokens). Any may be missing from a file.
 *
 * <pre>
 * jshell&gt; scope.training(22).dead()     // latents whose counter reached ModelCard.DEAD_AFTER_TOKENS
 * </pre>
 */
public record TrainingCounters(OptionalLong tokenCount, OptionalLong nIter, Optional<float[]> deadLatents) {

    public static final TrainingCounters NONE = new TrainingCounters(OptionalLong.empty(), OptionalLong.empty(),
            Optional.empty());

    /** Latents dead at the checkpoint by the training's rule (counter ≥ {@link ModelCard#DEAD_AFTER_TOKENS}); empty without counters. */
    public OptionalLong dead() {
        return dead(ModelCard.DEAD_AFTER_TOKENS);
    }

    public OptionalLong dead(long afterTokens) {
        if (deadLatents.isEmpty()) {
            return OptionalLong.empty();
        }
        long n = 0;
        for (float c : deadLatents.get()) {
            n += c >= afterTokens ? 1 : 0;
        }
        return OptionalLong.of(n);
    }

    /** The counters' length: the SAE's latents when present. */
    public int latents() {
        return deadLatents.map(c -> c.length).orElse(0);
    }
}
