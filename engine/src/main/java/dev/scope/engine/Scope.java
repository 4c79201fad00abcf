package dev.scope.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.SaeCheckpoints;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.intervene.Explanation;
import dev.scope.engine.intervene.Intervention;
import dev.scope.engine.intervene.InterventionResult;
import dev.scope.engine.intervene.Interventions;
import dev.scope.engine.intervene.LatentWords;
import dev.scope.engine.intervene.SaeLayers;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.pixels.Preprocessor;
import dev.scope.engine.pixels.PreprocessorConfig;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.SaeCheckpoint;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;
import dev.scope.engine.text.ClipTokenizer;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.PromptEncoder;
import dev.scope.engine.text.PromptSet;
import dev.scope.engine.text.TextConfig;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * The CLIP ViT-L scope: CLIP's vision tower and a TopK SAE per layer. CLIP is loaded up to the deepest
 * layer asked for; each SAE is loaded when first used and can be released again.
 *
 * <pre>
 * jshell&gt; try (var scope = Scope.load(ScopeSpec.defaults().withLayers(List.of(22)))) {
 *    ...&gt;     var r = scope.forward(Path.of("cat.png"));
 *    ...&gt;     r.layer(22).cls().latent().shape();          // [1, 65536]
 *    ...&gt; }
 * </pre>
 */
public final class Scope implements AutoCloseable {
    /** The demo scope's shape: a tiny random CLIP (width 64, 6 blocks) and SAEs at blocks 2 and 5. */
    public static final VisionConfig DEMO_CLIP = new VisionConfig(64, 256, 6, 4, 224, 14,
            VisionConfig.Activation.GELU, 1e-5, 32);
    public static final List<Integer> DEMO_LAYERS = List.of(2, 5);
    public static final int DEMO_FEATURES = 4096;
    public static final int DEMO_K = 32;
    /** The demo scope's text tower: 2 blocks of width 64 over the 1000-id demo tokenizer. */
    public static final TextConfig DEMO_TEXT = new TextConfig(64, 256, 2, 4, 77, 1000,
            VisionConfig.Activation.QUICK_GELU, 1e-5, 998, 999, 0, DEMO_CLIP.projectionDim());

    private final NDManager manager;
    private final ClipVision clip;
    private final Preprocessor preprocessor;
    private final Map<Integer, SaeSlot> saes;
    private final WeightType dtype;
    private final boolean demo;
    private final String description;
    /** How to open CLIP's text side on first use, and the text side once open. */
    private PromptEncoder.Opener textOpener = m -> {
        throw new IOException("This scope has no text side.");
    };
    private PromptEncoder text;

    /** Where one layer's SAE comes from, and the SAE once loaded. */
    private static final class SaeSlot {
        final Source source;
        final String file;
        TopKSae sae;
        Path path;

        SaeSlot(Source source, String file) {
            this.source = source;
            this.file = file;
        }
    }

    private Scope(NDManager manager, ClipVision clip, Preprocessor preprocessor, Map<Integer, SaeSlot> saes,
                  WeightType dtype, boolean demo, String description) {
        this.manager = manager;
        this.clip = clip;
        this.preprocessor = preprocessor;
        this.saes = saes;
        this.dtype = dtype;
        this.demo = demo;
        this.description = description;
    }

    public static Scope load(ScopeSpec spec) throws IOException {
        return load(spec, LoadListener.NONE);
    }

    /**
     * Fetches (or finds in the Hugging Face cache) CLIP's config, preprocessor config and weights and
     * the SAE listing, then loads CLIP. SAEs load on first use; {@link #loadSaes()} loads them all now.
     */
    public static Scope load(ScopeSpec spec, LoadListener listener) throws IOException {
        Hub hub = Hub.fromEnvironment();
        Device device = spec.device().resolve();
        EngineThreads.fitToCpuQuota();
        listener.onStage("Reading the CLIP config from " + spec.clip(), 0, 4);
        Path config = hub.file(spec.clip(), ClipVision.CONFIG_FILE, listener);
        VisionConfig vision = VisionConfig.read(config);
        PreprocessorConfig pre = PreprocessorConfig.read(hub.file(spec.clip(), "preprocessor_config.json", listener));
        checkCancelled();

        listener.onStage("Listing the SAEs in " + spec.saes(), 1, 4);
        SaeCheckpoints checkpoints = hub.saeCheckpoints(spec.saes());
        List<Integer> layers = spec.layers().isEmpty() ? List.copyOf(checkpoints.layers()) : spec.layers();
        Map<Integer, SaeSlot> slots = new TreeMap<>();
        for (int layer : layers) {
            if (layer < 0 || layer >= vision.numHiddenLayers()) {
                throw new IllegalArgumentException("Layer " + layer + " is beyond this CLIP's depth: its blocks are 0.."
                        + (vision.numHiddenLayers() - 1) + ".");
            }
            slots.put(layer, new SaeSlot(checkpoints.source(), checkpoints.file(layer)));
        }
        checkCancelled();

        listener.onStage("Fetching the CLIP weights from " + spec.clip(), 2, 4);
        Path weights = hub.file(spec.clip(), ClipVision.WEIGHTS_FILE, listener);
        checkCancelled();
        listener.onStage("Loading CLIP's vision tower to block " + Collections.max(slots.keySet()), 3, 4);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            int blocks = Collections.max(slots.keySet()) + 1;
            ClipVision clip = ClipVision.load(weights.getParent(), manager, spec.dtype().djl(), blocks);
            listener.onStage("Loaded", 4, 4);
            Scope scope = new Scope(manager, clip, new Preprocessor(pre), slots, spec.dtype(), false,
                    "CLIP " + spec.clip() + " with SAEs " + spec.saes());
            scope.textOpener = m -> PromptEncoder.load(weights.getParent(), hub.file(spec.clip(), ClipTokenizer.FILE), m,
                    spec.dtype().djl());
            return scope;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A tiny scope with seeded random weights, built in memory with no download: for trying the
     * notebooks and magics anywhere. Everything it makes is marked DEMO.
     */
    public static Scope demo(long seed) {
        EngineThreads.fitToCpuQuota();
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        try {
            ClipVision clip = ClipVision.random(DEMO_CLIP, manager, DataType.FLOAT32, seed);
            Map<Integer, SaeSlot> slots = new TreeMap<>();
            for (int layer : DEMO_LAYERS) {
                SaeSlot slot = new SaeSlot(null, "demo");
                slot.sae = randomSae(manager, DEMO_CLIP.hiddenSize(), DEMO_FEATURES, DEMO_K, seed + layer);
                slots.put(layer, slot);
            }
            Scope scope = new Scope(manager, clip, new Preprocessor(PreprocessorConfig.CLIP), slots, WeightType.FLOAT32,
                    true, "DEMO scope (random weights, seed " + seed + ")");
            scope.textOpener = m -> PromptEncoder.demo(DEMO_TEXT, m, seed);
            return scope;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A TopK SAE with seeded random weights: enc columns of unit norm, dec = encᵀ, pre_b 0. */
    public static TopKSae randomSae(NDManager parent, int dIn, int features, int k, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager tmp = parent.newSubManager()) {
            NDArray enc = tmp.randomNormal(new Shape(dIn, features));
            enc = enc.div(enc.norm(new int[] {0}, true));
            NDArray dec = RowMajor.copyOf(enc.transpose());
            NDArray preB = tmp.zeros(new Shape(dIn));
            return TopKSae.of(parent, k, preB, enc, dec, DataType.FLOAT32);
        }
    }

    public boolean isDemo() {
        return demo;
    }

    public VisionConfig clipConfig() {
        return clip.config();
    }

    public ClipVision clip() {
        return clip;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Device device() {
        return clip.device();
    }

    public WeightType dtype() {
        return dtype;
    }

    /**
     * Images per forward pass that suit the device: 8 on the CPU, where a batch of 8 already runs the
     * tower's matrix products near their best rate and more only costs memory; 64 on a GPU, whose
     * thousands of lanes a batch of 1 (257 tokens) leaves mostly idle.
     */
    public int batchSize() {
        return device().isGpu() ? 64 : 8;
    }

    public SortedSet<Integer> layers() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(saes.keySet()));
    }

    /** Whether a layer's SAE is in memory now. */
    public synchronized boolean isLoaded(int layer) {
        return slot(layer).sae != null;
    }

    /** The checkpoint file of a loaded layer (null for the demo scope or before loading). */
    public synchronized Path checkpoint(int layer) {
        return slot(layer).path;
    }

    /** The layer's SAE, loading it first if needed. */
    public synchronized TopKSae sae(int layer) throws IOException {
        SaeSlot slot = slot(layer);
        if (slot.sae == null) {
            checkCancelled();
            Path file = Hub.fromEnvironment().file(slot.source, slot.file);
            SaeCheckpoint ckpt = SaeCheckpoint.read(file);
            ckpt.requireInputWidth(clip.config().hiddenSize(), "CLIP's residual stream");
            slot.sae = TopKSae.load(ckpt, manager, dtype.djl());
            slot.path = file;
        }
        return slot.sae;
    }

    /** Loads every layer's SAE now, telling {@code listener} as each one is done. */
    public void loadSaes(LoadListener listener) throws IOException {
        int i = 0;
        for (int layer : layers()) {
            listener.onStage("Loading the SAE of layer " + layer, i++, saes.size());
            sae(layer);
        }
        listener.onStage("Loaded", saes.size(), saes.size());
    }

    /** Frees a layer's SAE; it loads again when next used. */
    public synchronized void release(int layer) {
        SaeSlot slot = slot(layer);
        if (slot.sae != null && slot.source != null) {
            slot.sae.close();
            slot.sae = null;
        }
    }

    public ScopeResult forward(Path... images) throws IOException {
        List<BufferedImage> decoded = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : images) {
            decoded.add(ImageDecoder.read(p));
            names.add(p.getFileName().toString());
        }
        return forward(names, decoded, layers());
    }

    public ScopeResult forward(BufferedImage image) throws IOException {
        return forward(List.of("image"), List.of(image), layers());
    }

    /** Preprocesses the images, runs CLIP to the deepest layer asked for and each layer's SAE. */
    public ScopeResult forward(List<String> names, List<BufferedImage> images, Collection<Integer> layers)
            throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No images were given; pass at least one.");
        }
        List<BufferedImage> crops = new ArrayList<>();
        for (BufferedImage im : images) {
            crops.add(preprocessor.crop(im));
        }
        return forwardPixels(names, crops, preprocessor.applyAll(images), layers);
    }

    /** Runs given pixel values (already preprocessed, [B, 3, size, size]). */
    public ScopeResult forwardPixels(List<String> names, List<BufferedImage> crops, PixelBatch pixels,
                                     Collection<Integer> layers) throws IOException {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        for (int layer : wanted) {
            slot(layer);
        }
        checkCancelled();
        ResidualStream resid = clip.forward(pixels.data(), pixels.batch(), Capture.blocks(wanted));
        Map<Integer, SaeOutput> out = new LinkedHashMap<>();
        for (int layer : wanted) {
            checkCancelled();
            out.put(layer, sae(layer).forwardVerbose(resid.residFlat(layer)));
        }
        return new ScopeResult(names, crops, pixels, resid, new TreeMap<>(out), demo);
    }

    /** CLIP's text side (tokenizer.json and the text tower of the same weights), loaded on first use. */
    public synchronized PromptEncoder text() throws IOException {
        if (text == null) {
            checkCancelled();
            text = textOpener.open(manager);
        }
        return text;
    }

    /**
     * Zero-shot labels of an image over prompts: the softmax of {@code exp(logit_scale) · cos} between
     * its image embedding and each prompt's text embedding.
     *
     * <pre>
     * jshell&gt; scope.labels(image, List.of("a photo of a cat.", "a photo of a dog.")).best()
     * </pre>
     */
    public Labels labels(BufferedImage image, List<String> prompts) throws IOException {
        return labels(List.of(image), prompts).get(0);
    }

    public List<Labels> labels(List<BufferedImage> images, List<String> prompts) throws IOException {
        return labels(preprocessor.applyAll(images), prompts);
    }

    /** Labels of preprocessed pixels, such as a {@link ScopeResult#pixels()}. */
    public List<Labels> labels(PixelBatch pixels, List<String> prompts) throws IOException {
        PromptEncoder encoder = text();
        checkCancelled();
        return encoder.labels(clip.forward(pixels.data(), pixels.batch(), Capture.blocks(List.of()).withPooled())
                .imageEmbeds(), prompts);
    }

    /**
     * The image through CLIP clean and with the interventions, to the image embedding, labelled over
     * the ImageNet-1k prompt set ({@link PromptSet#imagenet()}).
     */
    public InterventionResult forward(BufferedImage image, Intervention... edits) throws IOException {
        return forward(image, PromptSet.imagenet().prompts(), edits);
    }

    public InterventionResult forward(BufferedImage image, List<String> prompts, Intervention... edits)
            throws IOException {
        return intervene(List.of("image"), List.of(image), prompts, List.of(edits));
    }

    /** Interventions on a batch of images; no labels when {@code prompts} is empty or the text side cannot load. */
    public InterventionResult intervene(List<String> names, List<BufferedImage> images, List<String> prompts,
                                        List<Intervention> edits) throws IOException {
        return intervene(names, preprocessor.applyAll(images), prompts, edits);
    }

    /** Interventions on preprocessed pixels, such as a {@link ScopeResult#pixels()}. */
    public InterventionResult intervene(List<String> names, PixelBatch pixels, List<String> prompts,
                                        List<Intervention> edits) throws IOException {
        List<String> notes = new ArrayList<>();
        PromptEncoder encoder = null;
        if (!prompts.isEmpty()) {
            try {
                encoder = text();
                encoder.embed(prompts);
            } catch (IOException e) {
                notes.add("No zero-shot labels: " + e.getMessage());
            }
        }
        PromptEncoder labeler = encoder;
        checkCancelled();
        return Interventions.run(clip, saeLayers(), names, pixels, edits,
                labeler == null ? null : e -> labeler.labels(e, prompts), notes, demo);
    }

    /**
     * A latent in words: the prompts whose logits steering with it raises most, averaged over the
     * images ({@link Explanation#METHOD}); {@code alpha} null picks the step size.
     */
    public Explanation explain(int layer, int latent, List<String> names, List<BufferedImage> images, Float alpha,
                               List<String> prompts) throws IOException {
        return explain(layer, latent, names, preprocessor.applyAll(images), alpha, prompts);
    }

    public Explanation explain(int layer, int latent, List<String> names, PixelBatch pixels, Float alpha,
                               List<String> prompts) throws IOException {
        return LatentWords.explain(clip, saeLayers(), text(), names, pixels, layer, latent, alpha, prompts, demo);
    }

    private SaeLayers saeLayers() {
        return new SaeLayers() {
            @Override
            public SortedSet<Integer> layers() {
                return Scope.this.layers();
            }

            @Override
            public TopKSae sae(int layer) throws IOException {
                return Scope.this.sae(layer);
            }
        };
    }

    private SaeSlot slot(int layer) {
        SaeSlot slot = saes.get(layer);
        if (slot == null) {
            throw new IllegalArgumentException("Layer " + layer + " is not loaded; loaded layers are " + saes.keySet() + ".");
        }
        return slot;
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("Interrupted; nothing further was loaded or run.");
        }
    }

    @Override
    public synchronized void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return description + ", layers " + saes.keySet() + ", " + device() + ", " + dtype.name().toLowerCase();
    }
}
