package dev.scope.engine.intervene;

import dev.scope.engine.Matrix;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.text.PromptEncoder;

import java.io.IOException;
import java.util.List;

/** Names a latent in words by steering with it ({@link Explanation#METHOD}). */
public final class LatentWords {
    /** The most images one explanation runs (two passes each). */
    public static final int MAX_IMAGES = 32;

    private LatentWords() {
    }

    /**
     * Steers {@code latent} at {@code layer} by {@code alpha} on every token of each image, or, when
     * {@code alpha} is null, by the images' mean residual norm at the layer over the decoder row's norm
     * (a step as long as the residual stream itself).
     */
    public static Explanation explain(ClipVision clip, SaeLayers saes, PromptEncoder text, List<String> names,
                                      PixelBatch pixels, int layer, int latent, Float alpha, List<String> prompts,
                                      boolean demo) throws IOException {
        if (pixels.batch() > MAX_IMAGES) {
            throw new IllegalArgumentException(pixels.batch() + " images were given; explain runs at most " + MAX_IMAGES
                    + ", so pass a smaller folder.");
        }
        Intervention.Steer probe = Intervention.steer(layer, latent, 0f);
        Interventions.check(probe, saes, clip.config().gridSize());
        String rule = "given";
        float by;
        if (alpha != null) {
            by = alpha;
        } else {
            ResidualStream r = clip.forward(pixels.data(), pixels.batch(), Capture.blocks(layer));
            Matrix dec = saes.sae(layer).decoderRows(latent);
            by = (float) (meanRowNorm(r.residFlat(layer)) / Math.sqrt(dot(dec.data(), dec.data())));
            rule = "the mean residual norm at layer " + layer + " over the decoder row's norm";
        }
        text.embed(prompts); // encode the prompt set once, before both runs read it
        InterventionResult run = Interventions.run(clip, saes, names, pixels,
                List.of(Intervention.steer(layer, latent, by)), e -> text.labels(e, prompts), List.of(), demo);
        float[] relative = new float[prompts.size()];
        for (int i = 0; i < run.images(); i++) {
            float[] change = new float[relative.length];
            double common = 0;
            for (int p = 0; p < change.length; p++) {
                change[p] = run.labelsAfter().get(i).logits()[p] - run.labelsBefore().get(i).logits()[p];
                common += change[p] / change.length;
            }
            for (int p = 0; p < change.length; p++) {
                relative[p] += (float) ((change[p] - common) / run.images());
            }
        }
        return new Explanation(layer, latent, by, rule, names, prompts, relative, demo);
    }

    private static double meanRowNorm(Matrix m) {
        double sum = 0;
        for (int r = 0; r < m.rows(); r++) {
            float[] row = m.row(r);
            sum += Math.sqrt(dot(row, row));
        }
        return sum / m.rows();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
