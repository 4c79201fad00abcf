package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.Progress;
import dev.scope.views.ActivationHistogram;
import dev.scope.views.PatchGrid;
import dev.scope.views.TopImage;
import dev.scope.views.TopImagesGrid;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code %scope top}: the images of a folder where a latent fires most, each with its heatmap, and a histogram
 * of the latent over the folder. Each image's latents are cached (see {@link ActivationCache}), so asking again,
 * for any latent of the same layer, runs nothing. Returns a {@link LatentRanking}.
 */
final class TopCommand implements Subcommand {

    static final int BATCH = 8;
    static final int COLUMNS = 3;

    enum By {
        CLS("cls", "CLS value"), MAX_PATCH("max-patch", "largest patch value");

        final String flag;
        final String label;

        By(String flag, String label) {
            this.flag = flag;
            this.label = label;
        }

        static By parse(String text) {
            for (By by : values()) {
                if (by.flag.equalsIgnoreCase(text.strip())) {
                    return by;
                }
            }
            throw new MagicException("--by takes cls or max-patch, not '" + text + "'.");
        }

        float value(float[] overTokens) {
            if (this == CLS) {
                return overTokens[0];
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 1; t < overTokens.length; t++) {
                max = Math.max(max, overTokens[t]);
            }
            return max;
        }
    }

    private final ScopeSession session;

    TopCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "top";
    }

    @Override
    public String usage() {
        return "%scope top <latent> [--images DIR] [--layer L] [--n 9] [--by cls|max-patch]";
    }

    @Override
    public String description() {
        return """
                Scans a folder (with a progress bar) and shows the images where the latent fires most, 3 to a row,
                each with its heatmap, and a histogram of the latent over all the folder's images. Files that are not
                images are skipped and counted. Each image's latents are cached per (folder, layer, file, mtime) for
                the loaded scope, so asking again (about any latent) is instant. <latent> may be an int variable.
                Returns a LatentRanking. Without --images, when an index is open (%scope index), ranks every indexed
                image from the index instead, and returns a LatentReport.
                  --images  the folder, or a list a.png,b.png
                  --layer   a loaded layer (default: the deepest)
                  --n       how many images to show (default 9)
                  --by      cls (default: the CLS token's value) or max-patch (the largest value on any patch)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("images", "layer", "n", "by"), List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        if (args.positionals().size() != 1) {
            throw new MagicException("%scope top takes one latent id, e.g. %scope top 4242 --images photos/.");
        }
        if (args.option("images").isEmpty() && session.index().isPresent()) {
            return IndexTop.show(session, args, context);
        }
        Scope scope = session.requireScope();
        String folder = args.option("images").orElseThrow(() -> new MagicException(
                "%scope top needs the images to scan: add --images DIR (a folder of PNG or JPEG files), or open an index"
                        + " (%scope index, or %scope latent --db FILE) to rank from it."));
        int layer = session.scopeLayer(args.option("layer"));
        int nFeatures = EngineCalls.call(() -> scope.sae(layer)).nFeatures();
        int[] ids = Values.latents(args.positionals().get(0), context);
        if (ids.length != 1) {
            throw new MagicException("%scope top ranks images by one latent at a time; pass one id, not "
                    + args.positionals().get(0) + ".");
        }
        int latent = Values.checkLatent(ids[0], layer, nFeatures);
        int n = Values.intIn(args.option("n", "9"), "--n", 1, 100);
        By by = By.parse(args.option("by", "cls"));
        ImageFiles files = ImageFiles.resolve(folder, "--images");

        Scan scan = scan(scope, files, layer);
        if (scan.images.isEmpty()) {
            throw new MagicException("None of the " + files.files().size() + " files in " + files.describe()
                    + " is an image; pass a folder of PNG or JPEG files.");
        }
        float[] values = new float[scan.images.size()];
        List<float[]> overTokens = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            overTokens.add(scan.latents.get(i).latentColumn(latent));
            values[i] = by.value(overTokens.get(i));
        }
        int[] order = TopImagesGrid.topIndices(values, values.length);
        List<TopImage> top = new ArrayList<>();
        for (int i = 0; i < Math.min(n, order.length); i++) {
            Path file = scan.images.get(order[i]);
            BufferedImage crop = scope.preprocessor().crop(EngineCalls.call(() -> ImageDecoder.read(file)));
            top.add(new TopImage(file.getFileName().toString(), crop, PatchGrid.fromTokens(overTokens.get(order[i])),
                    values[order[i]]));
        }
        String title = "Latent " + latent + " · Layer " + layer + " · top " + top.size() + " by " + by.label;
        TopImagesGrid grid = TopImagesGrid.builder(top).title(title).columns(Math.min(COLUMNS, top.size()))
                .demo(scope.isDemo()).build();
        ActivationHistogram histogram = ActivationHistogram.builder(values)
                .title("Latent " + latent + " · Layer " + layer + " over " + values.length + " images")
                .valueLabel(by.label + " of latent " + latent).demo(scope.isDemo()).build();

        List<String> names = new ArrayList<>();
        List<Float> sorted = new ArrayList<>();
        for (int i : order) {
            names.add(scan.images.get(i).getFileName().toString());
            sorted.add(values[i]);
        }
        List<String> skipped = scan.skipped.stream().map(p -> p.getFileName().toString()).toList();
        LatentRanking ranking = new LatentRanking(latent, layer, by.flag, names, sorted, scan.scanned, scan.cached, skipped);
        String text = String.format(Locale.ROOT, "%d images: %d scanned, %d from the cache%s.", values.length,
                scan.scanned, scan.cached, ImageFiles.skippedNote(scan.skipped));
        return new Shown(text, List.of(grid, histogram), ranking);
    }

    private static final class Scan {
        final List<Path> images = new ArrayList<>();
        final List<SaeOutput> latents = new ArrayList<>();
        final List<Path> skipped = new ArrayList<>();
        int scanned;
        int cached;
    }

    /** Every file's latents at {@code layer}, from the cache or by forward passes in batches. */
    private Scan scan(Scope scope, ImageFiles files, int layer) throws IOException {
        ActivationCache cache = session.cache();
        List<ActivationCache.Key> keys = new ArrayList<>();
        List<ActivationCache.Key> missing = new ArrayList<>();
        for (Path file : files.files()) {
            ActivationCache.Key key = new ActivationCache.Key(file.getParent(), layer, file.getFileName().toString(),
                    Files.getLastModifiedTime(file));
            keys.add(key);
            if (cache.get(key).isEmpty()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            try (Progress progress = Progress.start("Scanning " + missing.size() + " files at layer " + layer,
                    missing.size())) {
                for (int from = 0; from < missing.size(); from += BATCH) {
                    List<ActivationCache.Key> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
                    run(scope, batch, layer, cache);
                    progress.advance(batch.size());
                }
            }
        }
        Scan scan = new Scan();
        for (int i = 0; i < keys.size(); i++) {
            ActivationCache.Cached entry = cache.get(keys.get(i)).orElseThrow();
            Path file = files.files().get(i);
            if (entry.latents().isEmpty()) {
                scan.skipped.add(file);
                continue;
            }
            scan.images.add(file);
            scan.latents.add(entry.latents().get());
        }
        scan.scanned = (int) missing.stream().filter(k -> cache.get(k).orElseThrow().latents().isPresent()).count();
        scan.cached = scan.images.size() - scan.scanned;
        return scan;
    }

    private static void run(Scope scope, List<ActivationCache.Key> batch, int layer, ActivationCache cache) {
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<ActivationCache.Key> decoded = new ArrayList<>();
        for (ActivationCache.Key key : batch) {
            try {
                images.add(ImageDecoder.read(key.folder().resolve(key.file())));
                names.add(key.file());
                decoded.add(key);
            } catch (ImageReadException e) {
                cache.putNotAnImage(key);
            }
        }
        if (images.isEmpty()) {
            return;
        }
        ScopeResult result = EngineCalls.call(() -> scope.forward(names, images, List.of(layer)));
        for (int i = 0; i < decoded.size(); i++) {
            cache.putLatents(decoded.get(i), result.layer(layer, i).sae());
        }
    }
}
