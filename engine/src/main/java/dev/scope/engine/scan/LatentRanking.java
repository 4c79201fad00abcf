package dev.scope.engine.scan;

import java.util.List;
import java.util.Locale;

/**
 * The images of a collection ranked by one latent ({@link TopImages}): every image's value, largest first,
 * the top ones with their crops, and how the scan went.
 *
 * @param files   image names, largest value first
 * @param values  the value of each, in the same order
 * @param top     the first images of that order, with crops and the latent over their tokens
 * @param scanned images run through the scope for this ranking
 * @param cached  images answered from the cache
 * @param skipped inputs that are not images
 */
public record LatentRanking(int latent, int layer, TopImages.By by, List<String> files, List<Float> values,
                            List<RankedImage> top, int scanned, int cached, List<String> skipped) {

    public LatentRanking {
        files = List.copyOf(files);
        values = List.copyOf(values);
        top = List.copyOf(top);
        skipped = List.copyOf(skipped);
    }

    /** The values in ranking order, for a histogram. */
    public float[] valueArray() {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("LatentRanking(latent " + latent + ", layer " + layer + ", by " + by.flag() + ":");
        for (int i = 0; i < Math.min(3, files.size()); i++) {
            out.append(i == 0 ? " " : ", ").append(files.get(i)).append(String.format(Locale.ROOT, " %.4g", values.get(i)));
        }
        return out.append(files.size() > 3 ? ", … " + files.size() + " images)" : ")").toString();
    }
}
