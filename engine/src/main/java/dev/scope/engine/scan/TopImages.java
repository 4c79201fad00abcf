package dev.scope.engine.scan;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.SaeOutput;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * Ranks the images of a scan by one latent at one layer, as they stream by: it keeps one value per image
 * and the {@code n} best images with their crops, never the images' full results.
 *
 * <pre>
 * jshell&gt; var top = TopImages.of(scope, 22, 4242, TopImages.By.CLS, 9);
 * jshell&gt; scope.scan(ImageSource.list("photos/"), List.of(22), top);
 * jshell&gt; top.result().files()                 // every image, largest value first
 * </pre>
 */
public final class TopImages implements ScanListener {

    /** What one image's value is: the CLS token's, or the largest over its patches. */
    public enum By {
        CLS, MAX_PATCH;

        /** As {@code --by} takes it: {@code cls}, {@code max-patch}. */
        public String flag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String label() {
            return this == CLS ? "CLS value" : "largest patch value";
        }

        public static By parse(String text) {
            return Arrays.stream(values()).filter(by -> by.flag().equalsIgnoreCase(text.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--by takes cls or max-patch, not '" + text + "'."));
        }

        public float value(float[] overTokens, TokenLayout layout) {
            return this == CLS ? overTokens[TokenLayout.CLS] : layout.maxOverPatches(overTokens);
        }
    }

    /** What is ranked: a latent of a layer's SAE, by which value, keeping how many. */
    private record Ask(int layer, int latent, By by, int n) {
    }

    private record Seen(int index, String name, float value) {
    }

    private record Candidate(int index, ImageSource source, BufferedImage crop, float[] overTokens, float value) {
    }

    /** Largest value first, then input order. */
    private static final Comparator<Seen> RANK = Comparator.comparingDouble((Seen s) -> -s.value())
            .thenComparingInt(Seen::index);
    private static final Comparator<Candidate> WORST_FIRST = Comparator.comparingDouble(Candidate::value)
            .thenComparing(Comparator.comparingInt(Candidate::index).reversed());

    private final Scope scope;
    private final Ask ask;
    private final TokenLayout layout;
    private final List<Seen> seen = new ArrayList<>();
    private final PriorityQueue<Candidate> best = new PriorityQueue<>(WORST_FIRST);
    private final List<String> skipped = new ArrayList<>();
    private int scanned;
    private int cached;

    private TopImages(Scope scope, Ask ask) {
        this.scope = scope;
        this.ask = ask;
        this.layout = scope.clipConfig().tokenLayout();
    }

    /** Ranks by {@code latent} of {@code layer}'s SAE, keeping the top {@code n} (1 to 100). */
    public static TopImages of(Scope scope, int layer, int latent, By by, int n) throws IOException {
        SaeOutput.requireLatent(latent, scope.sae(layer).nFeatures());
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("Show 1 to 100 top images, not " + n + ".");
        }
        return new TopImages(scope, new Ask(layer, latent, by, n));
    }

    @Override
    public synchronized void onImage(ScannedImage image) {
        float[] overTokens = image.layer(ask.layer()).latentOverTokens(ask.latent());
        float value = ask.by().value(overTokens, layout);
        seen.add(new Seen(image.index(), image.name(), value));
        best.add(new Candidate(image.index(), image.source(), image.crop(), overTokens, value));
        if (best.size() > ask.n()) {
            best.poll();
        }
        if (image.cached()) {
            cached++;
        } else {
            scanned++;
        }
    }

    @Override
    public synchronized void onSkipped(int index, ImageSource image, String reason) {
        skipped.add(image.name());
    }

    /**
     * The ranking so far. Top images answered from a cache are read again for their crops (a handful);
     * one that can no longer be read is left out of the top.
     */
    public synchronized LatentRanking result() throws IOException {
        List<Seen> order = new ArrayList<>(seen);
        order.sort(RANK);
        List<Candidate> top = new ArrayList<>(best);
        top.sort(Comparator.comparingDouble((Candidate c) -> -c.value()).thenComparingInt(Candidate::index));
        List<RankedImage> ranked = new ArrayList<>();
        for (Candidate c : top) {
            BufferedImage crop = c.crop();
            if (crop == null) {
                try {
                    crop = scope.preprocessor().crop(c.source().read());
                } catch (ImageReadException e) {
                    continue;
                }
            }
            ranked.add(new RankedImage(c.source().name(), crop, c.overTokens(), c.value()));
        }
        return new LatentRanking(ask.latent(), ask.layer(), ask.by(), order.stream().map(Seen::name).toList(),
                order.stream().map(Seen::value).toList(), ranked, scanned, cached, skipped);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TopImages(latent %d, layer %d, by %s, %d images so far)", ask.latent(),
                ask.layer(), ask.by().flag(), seen.size());
    }
}
