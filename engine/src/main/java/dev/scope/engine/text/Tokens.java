package dev.scope.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompts as token rows: each row BOS, the prompt's tokens, EOS, padded to the model's positions.
 * {@code cut[i]} says prompt i was too long and was cut (keeping its EOS).
 */
public record Tokens(List<String> prompts, int[][] ids, boolean[] cut) {

    public Tokens {
        prompts = List.copyOf(prompts);
    }

    /** One line per prompt that was cut. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (cut[i]) {
                out.add(note(i, prompts.get(i), ids[i].length));
            }
        }
        return out;
    }

    /** The note for prompt {@code index} (0-based) cut to {@code positions}. */
    public static String note(int index, String prompt, int positions) {
        String shown = prompt.length() <= 40 ? prompt : prompt.substring(0, 37) + "…";
        return "Prompt " + (index + 1) + " (\"" + shown + "\") is longer than CLIP's " + positions
                + " positions; only its first " + (positions - 2) + " tokens were used.";
    }
}
