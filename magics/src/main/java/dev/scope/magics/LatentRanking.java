package dev.scope.magics;

import java.util.List;
import java.util.Locale;

/**
 * What {@code %scope top} found: every image of the folder with the latent's value by which it was ranked,
 * largest first, and how the scan went.
 *
 * @param files    image file names, largest value first
 * @param values   the value of each, in the same order
 * @param scanned  images run through the scope in this call
 * @param cached   images answered from the cache
 * @param skipped  files that are not images
 */
public record LatentRanking(int latent, int layer, String by, List<String> files, List<Float> values, int scanned,
                            int cached, List<String> skipped) {

    public LatentRanking {
        files = List.copyOf(files);
        values = List.copyOf(values);
        skipped = List.copyOf(skipped);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("LatentRanking(latent " + latent + ", layer " + layer + ", by " + by + ":");
        for (int i = 0; i < Math.min(3, files.size()); i++) {
            out.append(i == 0 ? " " : ", ").append(files.get(i)).append(String.format(Locale.ROOT, " %.4g", values.get(i)));
        }
        return out.append(files.size() > 3 ? ", … " + files.size() + " images)" : ")").toString();
    }
}
