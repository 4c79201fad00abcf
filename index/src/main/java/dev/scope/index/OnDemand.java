package dev.scope.index;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.pixels.Preprocessor;
import dev.scope.engine.pixels.PreprocessorConfig;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.scan.RankedImage;
import dev.scope.engine.scan.TopImages;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the index does not keep, recomputed from the images with the scope: a latent's heatmap over every token
 * of its top images, and every latent kept on one token. Only a scope with the index's weights for the layer
 * may answer ({@link #sameWeights}); otherwise heatmaps show the stored peak patch alone and say so.
 */
public final class OnDemand {

    private OnDemand() {
    }

    /** Whether {@code scope} computes what the index holds at {@code layer}: same CLIP, same SAE, same storage type. */
    public static boolean sameWeights(IndexRun run, Scope scope, int layer) throws IOException {
        if (!scope.layers().contains(layer)) {
            return false;
        }
        IndexRun mine = IndexRun.of(scope, List.of(layer));
        IndexRun.Layer held = run.layer(layer);
        IndexRun.Layer have = mine.layer(layer);
        return run.clipWeights().equals(mine.clipWeights()) && held.weights().equals(have.weights())
                && run.dtype().equals(mine.dtype());
    }

    static LatentReport report(ActivationIndex index, int layer, int latent, TopImages.By by, List<LatentHit> hits,
                               LatentStats stats, List<CoLatent> co, Optional<Scope> scope) throws IOException {
        boolean recompute = scope.isPresent() && sameWeights(index.run(), scope.get(), layer);
        boolean demo = index.run().clip().equals("demo");
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<LatentHit> readable = new ArrayList<>();
        int gone = 0;
        for (LatentHit hit : hits) {
            try {
                images.add(ImageSource.parse(hit.source()).read());
                names.add(name(hit.source()));
                readable.add(hit);
            } catch (ImageReadException | IllegalArgumentException e) {
                gone++;
            }
        }
        List<RankedImage> top = new ArrayList<>();
        int tokens = index.run().tokens();
        if (recompute && !images.isEmpty()) {
            ScopeResult r = scope.get().forward(names, images, List.of(layer));
            for (int i = 0; i < readable.size(); i++) {
                top.add(new RankedImage(names.get(i), r.crops().get(i), r.layer(layer, i).latentOverTokens(latent),
                        readable.get(i).value()));
            }
        } else {
            Preprocessor crop = scope.map(Scope::preprocessor).orElse(new Preprocessor(PreprocessorConfig.CLIP));
            for (int i = 0; i < readable.size(); i++) {
                LatentHit hit = readable.get(i);
                float[] peakOnly = new float[tokens];
                peakOnly[hit.peakPatch() + 1] = by == TopImages.By.MAX_PATCH ? hit.value() : 1;
                top.add(new RankedImage(names.get(i), crop.crop(images.get(i)), peakOnly, hit.value()));
            }
        }
        List<String> notes = new ArrayList<>();
        if (!recompute) {
            notes.add("heatmaps show the peak patch only: load the index's weights (%scope load "
                    + index.run().loadFlags() + ") to recompute them");
        }
        if (gone > 0) {
            notes.add(gone + " of the top images can no longer be read and are left out");
        }
        return new LatentReport(layer, latent, by, top, stats, co, recompute, String.join("; ", notes), demo);
    }

    /**
     * Every latent kept on one token of an image at each of {@code layers}, largest first, recomputed with
     * {@code scope}: "which latents fire on this patch at layers 17, 20 and 22".
     *
     * @param token 0 for CLS, 1 + row × grid + col for a patch (see {@link TokenLayout#patchToken})
     */
    public static List<PatchLatent> tokenLatents(Scope scope, ImageSource image, int token, List<Integer> layers)
            throws IOException {
        ScopeResult r = scope.forward(image, layers);
        List<PatchLatent> out = new ArrayList<>();
        for (int layer : layers) {
            LayerResult one = r.layer(layer);
            TokenLayout.ofTokens(one.resid().rows()).requireToken(token);
            one.topLatents(token, one.sae().k()).stream().filter(a -> a.value() != 0)
                    .forEach(a -> out.add(new PatchLatent(layer, a.latent(), a.value())));
        }
        return out;
    }

    private static String name(String source) {
        int slash = source.lastIndexOf('/');
        return slash >= 0 && slash < source.length() - 1 ? source.substring(slash + 1) : source;
    }
}
