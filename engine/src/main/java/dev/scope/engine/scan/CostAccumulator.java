package dev.scope.engine.scan;

import dev.scope.engine.Matrix;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.ZeroShot;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sums of the substitution figures per layer, image by image ({@link SubstitutionCost} defines them): the
 * clean run's zero-shot labels and image embeddings against the spliced and the zeroed runs'. All in double
 * precision from the logits, so that a distribution that underflows in float still gives a finite KL.
 */
public final class CostAccumulator {

    private static final class Sums {
        int images;
        double kl;
        double klZero;
        int agree;
        int agreeZero;
        double cosine;
        double cosineZero;
    }

    private final SortedMap<Integer, Sums> layers = new TreeMap<>();

    /**
     * One batch at one layer: each image's labels and embedding (row) in the clean run, with the layer's
     * residual substituted, and with it zeroed.
     */
    public synchronized void add(int layer, List<Labels> clean, List<Labels> spliced, List<Labels> zeroed,
                                 Matrix cleanEmbeds, Matrix splicedEmbeds, Matrix zeroedEmbeds) {
        if (clean.size() != spliced.size() || clean.size() != zeroed.size() || cleanEmbeds.rows() != clean.size()
                || splicedEmbeds.rows() != clean.size() || zeroedEmbeds.rows() != clean.size()) {
            throw new IllegalArgumentException("The three runs give labels or embeddings for different numbers of images;"
                    + " pass one per image of the batch from each run.");
        }
        Sums s = layers.computeIfAbsent(layer, l -> new Sums());
        for (int i = 0; i < clean.size(); i++) {
            float[] p = clean.get(i).logits();
            s.kl += kl(p, spliced.get(i).logits());
            s.klZero += kl(p, zeroed.get(i).logits());
            s.agree += argmax(p) == argmax(spliced.get(i).logits()) ? 1 : 0;
            s.agreeZero += argmax(p) == argmax(zeroed.get(i).logits()) ? 1 : 0;
            s.cosine += ZeroShot.cosine(cleanEmbeds.row(i), splicedEmbeds.row(i));
            s.cosineZero += ZeroShot.cosine(cleanEmbeds.row(i), zeroedEmbeds.row(i));
            s.images++;
        }
    }

    /** The figures of every layer over the images added so far. */
    public synchronized SortedMap<Integer, SubstitutionCost> result() {
        SortedMap<Integer, SubstitutionCost> out = new TreeMap<>();
        layers.forEach((layer, s) -> out.put(layer, new SubstitutionCost(layer, s.images, s.kl / s.images,
                s.klZero / s.images, (double) s.agree / s.images, (double) s.agreeZero / s.images,
                s.cosine / s.images, s.cosineZero / s.images)));
        return out;
    }

    /** KL(softmax(p) ‖ softmax(q)) from logits, in nats. */
    public static double kl(float[] p, float[] q) {
        double[] lp = logSoftmax(p);
        double[] lq = logSoftmax(q);
        double sum = 0;
        for (int i = 0; i < lp.length; i++) {
            sum += Math.exp(lp[i]) * (lp[i] - lq[i]);
        }
        return Math.max(0, sum); // rounding can leave −1e-17 where the two are equal
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
