package dev.scope.index;

import dev.scope.engine.Scope;
import dev.scope.engine.sae.TopKSae;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which weights an index was built with, and how: CLIP's and each SAE's weights by content hash, the layers,
 * storage type, device and what is kept per token. An index holds one run; a scope whose run differs in any of
 * these is refused ({@link #difference}) rather than mixed in.
 *
 * @param clip        CLIP as the user named it (repo id or folder)
 * @param clipWeights {@code sha256:<hex>} of CLIP's weights file
 * @param saes        the SAEs as the user named them
 * @param tokens      tokens per image (CLS + patches)
 */
public record IndexRun(String clip, String clipWeights, String saes, String dtype, String device, String tokenPolicy,
                       int tokens, List<Layer> layers) {

    /** One layer's SAE: its checkpoint (folder/file), weights hash and shape. */
    public record Layer(int layer, String checkpoint, String weights, int nFeatures, int k) {
    }

    public IndexRun {
        layers = List.copyOf(layers);
    }

    /** The run of {@code scope} at {@code layers}, whose SAEs are loaded now if they are not yet. */
    public static IndexRun of(Scope scope, Collection<Integer> layers) throws IOException {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        List<Layer> out = new ArrayList<>();
        for (int layer : wanted) {
            TopKSae sae = scope.sae(layer);
            Path checkpoint = scope.checkpoint(layer);
            String name = checkpoint == null ? "demo" : checkpoint.getParent().getFileName() + "/" + checkpoint.getFileName();
            String weights = checkpoint == null ? "demo:seed " + (dev.scope.engine.ScopeSpec.DEMO_SEED + layer)
                    : WeightFiles.identity(checkpoint);
            out.add(new Layer(layer, name, weights, sae.nFeatures(), sae.k()));
        }
        boolean demo = scope.isDemo();
        return new IndexRun(demo ? "demo" : scope.spec().clip().toString(),
                demo ? "demo:seed " + dev.scope.engine.ScopeSpec.DEMO_SEED : WeightFiles.identity(scope.clipWeights()),
                demo ? "demo" : scope.spec().saes().toString(), scope.dtype().name().toLowerCase(Locale.ROOT),
                scope.device().getDeviceType(), IndexSchema.TOKEN_POLICY, scope.clipConfig().tokens(), out);
    }

    public List<Integer> layerIds() {
        return layers.stream().map(Layer::layer).toList();
    }

    public Layer layer(int layer) {
        return layers.stream().filter(l -> l.layer() == layer).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Layer " + layer + " is not in this index, which holds layers " + layersText() + "; pick one of those."));
    }

    /** {@code 2,5}. */
    public String layersText() {
        return layerIds().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * Null when results of {@code other} may go into an index of this run; otherwise what differs, as a phrase
     * ("the CLIP weights", "the layers (2,5 here, 5 there)"...).
     */
    public String difference(IndexRun other) {
        if (!clipWeights.equals(other.clipWeights)) {
            return "the CLIP weights (" + clip + " here, " + other.clip + " there)";
        }
        if (!layerIds().equals(other.layerIds())) {
            return "the layers (" + layersText() + " here, " + other.layersText() + " there)";
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer a = layers.get(i);
            Layer b = other.layers.get(i);
            if (!a.weights().equals(b.weights()) || a.nFeatures() != b.nFeatures() || a.k() != b.k()) {
                return "the SAE of layer " + a.layer() + " (" + saes + " here, " + other.saes + " there)";
            }
        }
        if (!dtype.equals(other.dtype)) {
            return "the storage type (" + dtype + " here, " + other.dtype + " there)";
        }
        if (!device.equals(other.device)) {
            return "the device (" + device + " here, " + other.device + " there)";
        }
        if (!tokenPolicy.equals(other.tokenPolicy) || tokens != other.tokens) {
            return "what is kept per token (" + tokenPolicy + ", " + tokens + " tokens here; " + other.tokenPolicy
                    + ", " + other.tokens + " tokens there)";
        }
        return null;
    }

    /** "CLIP fixtures/tiny-clip with SAEs fixtures/tiny-scope, layers 2,5, float32 on cpu". */
    public String describe() {
        return "CLIP " + clip + " with SAEs " + saes + ", layers " + layersText() + ", " + dtype + " on " + device;
    }

    /** The flags that load this run's weights: {@code --clip … --saes … --layers … --dtype … --device …}. */
    public String loadFlags() {
        if (clip.equals("demo")) {
            return "--demo";
        }
        return "--clip " + clip + " --saes " + saes + " --layers " + layersText() + " --dtype " + dtype + " --device " + device;
    }
}
