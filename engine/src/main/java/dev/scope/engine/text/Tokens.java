package dev.scope.engine.text;

import java.util.List;

/**
 * Prompts as token rows: each row BOS, the prompt's tokens, EOS, padded to the model's positions.
 * {@code notes} says which prompts were too long and were cut (keeping their EOS).
 */
public record Tokens(List<String> prompts, int[][] ids, List<String> notes) {

    public Tokens {
        prompts = List.copyOf(prompts);
        notes = List.copyOf(notes);
    }
}
