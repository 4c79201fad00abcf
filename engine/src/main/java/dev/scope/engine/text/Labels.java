package dev.scope.engine.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One image's zero-shot labels over a prompt set: each prompt's logit ({@code exp(logit_scale) · cos})
 * and probability (the softmax over the set). {@code notes} carries the tokenizer's notes (prompts cut
 * to 77 tokens).
 */
public record Labels(List<String> prompts, float[] logits, float[] probabilities, List<String> notes) {

    public Labels {
        prompts = List.copyOf(prompts);
        notes = List.copyOf(notes);
        if (logits.length != prompts.size() || probabilities.length != prompts.size()) {
            throw new IllegalArgumentException("Labels need one logit and one probability per prompt.");
        }
    }

    /** A prompt with its probability and logit. */
    public record Label(int index, String prompt, float probability, float logit) {
    }

    public Label label(int index) {
        return new Label(index, prompts.get(index), probabilities[index], logits[index]);
    }

    /** The {@code n} most probable prompts, most probable first. */
    public List<Label> top(int n) {
        List<Label> all = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            all.add(label(i));
        }
        all.sort(Comparator.comparingDouble(Label::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    public Label best() {
        return top(1).get(0);
    }
}
