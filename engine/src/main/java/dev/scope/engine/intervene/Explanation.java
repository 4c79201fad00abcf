package dev.scope.engine.intervene;

import dev.scope.engine.text.PromptSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A latent in words: how much steering with it raised each prompt's zero-shot logit relative to the
 * other prompts, averaged over some images. {@link #METHOD} states how, and what it cannot tell.
 * {@code relativeChange[p]} is prompt p's logit change minus the mean change over all prompts (steering
 * can move every logit one way; ranking is the same either way), averaged over the images.
 */
public record Explanation(int layer, int latent, float alpha, String alphaRule, List<String> images,
                          List<String> prompts, float[] relativeChange, boolean demo) {

    public static final String METHOD = "Each image runs through CLIP twice: clean, and with α × the latent's decoder"
            + " row added to every token's residual at the layer; each prompt's zero-shot logit change"
            + " (exp(logit_scale) · cos, after − before), less the mean change over all prompts, is averaged over the"
            + " images and the prompts are ranked by it."
            + " Limits: it shows what writing the latent's direction does to the image embedding, not what the latent"
            + " detects; only words in the prompt set can appear; a large α pushes CLIP off the inputs it was trained on;"
            + " with few images the ranking is noisy.";

    public Explanation {
        images = List.copyOf(images);
        prompts = List.copyOf(prompts);
    }

    /** A prompt and its relative logit change. */
    public record Word(String prompt, float change) {
    }

    /** The {@code n} prompts steering raised most relative to the rest, largest first. */
    public List<Word> top(int n) {
        return ranked(n, Comparator.comparingDouble(Word::change).reversed());
    }

    /** The {@code n} prompts steering lowered most relative to the rest, lowest first. */
    public List<Word> bottom(int n) {
        return ranked(n, Comparator.comparingDouble(Word::change));
    }

    /** The explanation in a few lines: what was run, the top and bottom words, and {@link #METHOD}. */
    public String summary(int words) {
        return String.format(Locale.ROOT, "Latent %d at layer %d, steered by α = %.3g (%s), over %d image(s) and %d"
                + " prompts.%n", latent, layer, alpha, alphaRule, images.size(), prompts.size())
                + "raised most: " + words(top(words)) + "\nlowered most: " + words(bottom(words)) + "\nMethod: " + METHOD;
    }

    private static String words(List<Word> words) {
        return words.stream().map(w -> String.format(Locale.ROOT, "%s (%+.2f)", PromptSet.labelOf(w.prompt()),
                w.change())).collect(Collectors.joining(", "));
    }

    private List<Word> ranked(int n, Comparator<Word> order) {
        List<Word> all = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            all.add(new Word(prompts.get(i), relativeChange[i]));
        }
        all.sort(order);
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }
}
