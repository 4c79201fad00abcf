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
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.intervene.Explanation;
import dev.scope.engine.intervene.Intervention;
import dev.scope.engine.intervene.InterventionResult;
import dev.scope.engine.intervene.Interventions;
import dev.scope.engine.intervene.LatentWords;
import dev.scope.engine.intervene.SaeLayers;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.pixels.PixelValues;
import dev.scope.engine.pixels.PreparedImage;
import dev.scope.engine.pixels.Preprocessor;
import dev.scope.engine.pixels.PreprocessorConfig;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.SaeCheckpoint;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;
import dev.scope.engine.sae.TrainingCounters;
import dev.scope.engine.scan.CostScan;
import dev.scope.engine.scan.Costs;
import dev.scope.engine.scan.Metrics;
import dev.scope.engine.scan.MetricsAccumulator;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.ScanSummary;
import dev.scope.engine.scan.Scanner;
import dev.scope.engine.text.ClipTokenizer;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.PromptEncoder;
import dev.scope.engine.text.PromptSet;
import dev.scope.engine.text.TextConfig;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * The CLIP ViT-L scope: CLIP's vision tower and a TopK SAE per layer; the engine's front door. Load one
 * with {@link #load(ScopeSpec, LoadListener)}, run images with {@code forward}, and a whole collection
 * with {@link #scan}. CLIP is loaded up to the deepest layer asked for; SAEs of listed layers load with
 * the scope, the others (with {@link Layers#ALL}) when first used, and can be released again.
 *
 * <pre>
 * jshell&gt; try (var scope = Scope.load(ScopeSpec.fromEnvironment())) {     // layer 22 of the published scope
 *    ...&gt;     var r = scope.forward(ImageSource.parse("cat.png"), scope.layers());
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
    private static final String DEMO_LAYERS_AMONG = "the demo scope's layers";
    /** The demo scope's text tower: 2 blocks of width 64 over the 1000-id demo tokenizer. */
    public static final TextConfig DEMO_TEXT = new TextConfig(64, 256, 2, 4, 77, 1000,
            VisionConfig.Activation.QUICK_GELU, 1e-5, 998, 999, 0, DEMO_CLIP.projectionDim());

    private final NDManager manager;
    private final ClipVision clip;
    private final Preprocessor preprocessor;
    private final Map<Integer, SaeSlot> saes;
    private final Hub hub;
    private final WeightType dtype;
    private final boolean demo;
    private final String description;
    private final ScopeSpec spec;
    private final Path clipWeights;
    /** The CLIP's repo or folder ("demo" for the demo scope): what input statistics are keyed by. */
    private String clipName = "demo";
    /** How to open CLIP's text side on first use, and the text side once open. */
    private PromptEncoder.Opener textOpener = m -> {
        throw new IOException("This scope has no text side.");
    };
    private PromptEncoder text;

    /** Where one layer's SAE comes from, and the SAE once loaded. */
    private static final class SaeSlot {
        final Source source;
        final String file;
        Path path;
        TopKSae sae;
        TrainingCounters training = TrainingCounters.NONE;

        SaeSlot(Source source, String file) {
            this.source = source;
            this.file = file;
        }
    }

    private Scope(NDManager manager, ClipVision clip, Preprocessor preprocessor, Map<Integer, SaeSlot> saes, Hub hub,
                  WeightType dtype, boolean demo, String description, ScopeSpec spec, Path clipWeights) {
        this.spec = spec;
        this.clipWeights = clipWeights;
        this.manager = manager;
        this.clip = clip;
        this.preprocessor = preprocessor;
        this.saes = saes;
        this.hub = hub;
        this.dtype = dtype;
        this.demo = demo;
        this.description = description;
    }

    public static Scope load(ScopeSpec spec) throws IOException {
        return load(spec, LoadListener.NONE);
    }

    /** Loads {@code spec} through the hub client of the environment ({@code HF_*} settings). */
    public static Scope load(ScopeSpec spec, LoadListener listener) throws IOException {
        return load(spec, spec.demo() ? null : Hub.fromEnvironment(), listener);
    }

    /**
     * Loads {@code spec}, resolving every file once through {@code hub}: CLIP's config, preprocessor
     * config and weights, the SAE listing, and the checkpoint of each listed layer (fetched or found in the
     * Hugging Face cache). Then, after {@link LoadListener#onResolved()}, it loads CLIP to the deepest layer
     * and the listed layers' SAEs. With {@link Layers#ALL} each SAE is fetched and loaded when first used,
     * through the same hub client.
     */
    public static Scope load(ScopeSpec spec, Hub hub, LoadListener listener) throws IOException {
        if (spec.demo()) {
            spec.layers().pick(new TreeSet<>(DEMO_LAYERS), DEMO_LAYERS_AMONG);
            listener.onResolved();
            return demo(ScopeSpec.DEMO_SEED, spec.layers());
        }
        Device device = spec.device().resolve();
        EngineThreads.fitToCpuQuota();
        // listed layers and the deepest load now, their files fetched first: two stages each
        int eagerLayers = spec.layers() instanceof Layers.Listed listed ? listed.layers().size()
                : spec.layers() instanceof Layers.Deepest ? 1 : 0;
        boolean eager = eagerLayers > 0;
        int stages = 4 + 2 * eagerLayers;
        listener.onStage("Reading the CLIP config from " + spec.clip(), 0, stages);
        VisionConfig vision = VisionConfig.read(fetch(hub, spec.clip(), ClipVision.CONFIG_FILE, listener));
        PreprocessorConfig pre = PreprocessorConfig.read(fetch(hub, spec.clip(), "preprocessor_config.json", listener));
        checkCancelled();

        listener.onStage("Listing the SAEs in " + spec.saes(), 1, stages);
        SaeCheckpoints checkpoints = hub.saeCheckpoints(spec.saes());
        SortedSet<Integer> layers = spec.layers().pick(new TreeSet<>(checkpoints.layers()),
                "the layers with an SAE in " + spec.saes());
        SortedSet<Integer> blocks = new TreeSet<>();
        for (int b = 0; b < vision.numHiddenLayers(); b++) {
            blocks.add(b);
        }
        Map<Integer, SaeSlot> slots = new TreeMap<>();
        for (int layer : layers) {
            Layers.require(layer, blocks, "the blocks of the CLIP in " + spec.clip());
            slots.put(layer, new SaeSlot(checkpoints.source(), checkpoints.file(layer)));
        }
        int stage = 2;
        listener.onStage("Fetching the CLIP weights from " + spec.clip(), stage++, stages);
        Path weights = fetch(hub, spec.clip(), ClipVision.WEIGHTS_FILE, listener);
        if (eager) {
            for (Map.Entry<Integer, SaeSlot> e : slots.entrySet()) {
                checkCancelled();
                listener.onStage("Fetching the SAE of layer " + e.getKey(), stage++, stages);
                e.getValue().path = fetch(hub, e.getValue().source, e.getValue().file, listener);
            }
        }
        checkCancelled();
        listener.onResolved();

        int deepest = Collections.max(slots.keySet());
        listener.onStage("Loading CLIP's vision tower to block " + deepest, stage++, stages);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            ClipVision clip = ClipVision.load(weights.getParent(), manager, spec.dtype().djl(), deepest + 1);
            Scope scope = new Scope(manager, clip, new Preprocessor(pre), slots, hub, spec.dtype(), false,
                    "CLIP " + spec.clip() + " with SAEs " + spec.saes(), spec, weights);
            scope.textOpener = m -> PromptEncoder.load(weights.getParent(), hub.file(spec.clip(), ClipTokenizer.FILE), m,
                    spec.dtype().djl());

            scope.clipName = spec.clip().toString();
            if (eager) {
                for (int layer : slots.keySet()) {
                    listener.onStage("Loading the SAE of layer " + layer, stage++, stages);
                    scope.sae(layer);
                }
            }
            listener.onStage("Loaded", stages, stages);
            return scope;
        } catch (IOException | RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    private static Path fetch(Hub hub, Source source, String file, LoadListener listener) throws IOException {
        Path path = hub.file(source, file, listener);
        listener.onFile(file, path, Files.size(path));
        return path;
    }

    /**
     * A tiny scope with seeded random weights, built in memory with no download: for trying the
     * notebooks and magics anywhere. Everything it makes is marked DEMO. It has SAEs at
     * {@link #DEMO_LAYERS}.
     */
    public static Scope demo(long seed) {
        return demo(seed, Layers.ALL);
    }

    /** The demo scope with the layers asked for, out of {@link #DEMO_LAYERS}. */
    public static Scope demo(long seed, Layers layers) {
        SortedSet<Integer> picked = layers.pick(new TreeSet<>(DEMO_LAYERS), DEMO_LAYERS_AMONG);
        Scope scope = random(DEMO_CLIP, DEMO_FEATURES, DEMO_K, picked, seed);
        scope.textOpener = m -> PromptEncoder.demo(DEMO_TEXT, m, seed);
        return scope;
    }

    /**
     * A scope of any shape with seeded random weights (CLIP of {@code config}, at each of {@code layers} an SAE of
     * {@code features} latents keeping {@code k} at each), marked DEMO: what the benchmark times at full size.
     */
    public static Scope random(VisionConfig config, int features, int k, Collection<Integer> layers, long seed) {
        SortedSet<Integer> picked = new TreeSet<>(layers);
        EngineThreads.fitToCpuQuota();
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        try {
            ClipVision clip = ClipVision.random(config, manager, DataType.FLOAT32, seed);
            Map<Integer, SaeSlot> slots = new TreeMap<>();
            for (int layer : picked) {
                SaeSlot slot = new SaeSlot(null, "demo");
                slot.sae = randomSae(manager, config.hiddenSize(), features, k, seed + layer);
                slots.put(layer, slot);
            }
            return new Scope(manager, clip, new Preprocessor(PreprocessorConfig.CLIP), slots, null, WeightType.FLOAT32,
                    true, "DEMO scope (random weights, seed " + seed + ")",
                    ScopeSpec.defaults().withDemo(true).withLayers(Layers.of(picked)).withDevice(DeviceChoice.CPU), null);
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

    /** What this scope was loaded from (the demo scope: {@link ScopeSpec#demo()} with its layers). */
    public ScopeSpec spec() {
        return spec;
    }

    /** CLIP's weights file as loaded ({@code model.safetensors}); null for the demo scope. */
    public Path clipWeights() {
        return clipWeights;
    }

    /** Where CLIP came from (its repo or folder; "demo" for the demo scope): the name input statistics carry. */
    public String clipName() {
        return clipName;
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

    /** The loaded layers {@code asked} names: {@code Layers.parse("2,5")}, {@link Layers#ALL}… */
    public SortedSet<Integer> layers(Layers asked) {
        return asked.pick(layers(), Layers.LOADED);
    }

    /** Whether a layer's SAE is in memory now. */
    public synchronized boolean isLoaded(int layer) {
        return slot(layer).sae != null;
    }

    /** The checkpoint file of a layer once fetched (null for the demo scope or before it is needed). */
    public synchronized Path checkpoint(int layer) {
        return slot(layer).path;
    }

    /** The layer's SAE, fetching and loading it first if needed. */
    public synchronized TopKSae sae(int layer) throws IOException {
        SaeSlot slot = slot(layer);
        if (slot.sae == null) {
            checkCancelled();
            if (slot.path == null) {
                slot.path = hub.file(slot.source, slot.file);
            }
            SaeCheckpoint ckpt = SaeCheckpoint.read(slot.path);
            ckpt.requireInputWidth(clip.config().hiddenSize(), "CLIP's residual stream");
            slot.sae = TopKSae.load(ckpt, manager, dtype.djl());
            slot.training = ckpt.training();
        }
        return slot.sae;
    }

    /**
     * What the layer's checkpoint records of its training (token_count, n_iter, the dead_latents counters),
     * loading the SAE first if needed; {@link TrainingCounters#NONE} for the demo scope.
     */
    public TrainingCounters training(int layer) throws IOException {
        sae(layer);
        synchronized (this) {
            return slot(layer).training;
        }
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

    /** What is loaded, per layer, with the memory the weights take: the table {@code %scope load} ends with. */
    public synchronized ScopeSummary summary() {
        List<ScopeSummary.Layer> layers = new ArrayList<>();
        for (Map.Entry<Integer, SaeSlot> e : saes.entrySet()) {
            TopKSae sae = e.getValue().sae;
            String checkpoint = e.getValue().path != null ? ScopeSummary.checkpointName(e.getValue().path)
                    : demo ? "demo (random)" : "";
            layers.add(sae == null ? ScopeSummary.Layer.notLoaded(e.getKey(), clip.config().hiddenSize())
                    : new ScopeSummary.Layer(e.getKey(), sae.dIn(), true, sae.nFeatures(), sae.k(), checkpoint,
                    ScopeSummary.saeBytes(sae.dIn(), sae.nFeatures(), dtype)));
        }
        VisionConfig c = clip.config();
        return new ScopeSummary(toString(), demo, device().isGpu() ? "gpu " + device().getDeviceId() : "cpu",
                clip.loadedBlocks(), c.numHiddenLayers(), c.hiddenSize(), c.tokens(),
                ScopeSummary.clipBytes(c, clip.loadedBlocks(), dtype), layers);
    }

    public ScopeResult forward(Path... images) throws IOException {
        List<ImageSource> sources = new ArrayList<>();
        for (Path p : images) {
            sources.add(ImageSource.file(p));
        }
        return forward(sources, layers());
    }

    public ScopeResult forward(BufferedImage image) throws IOException {
        return forward(List.of("image"), List.of(image), layers());
    }

    /** One image, read from its source, through CLIP and the SAEs of {@code layers}. */
    public ScopeResult forward(ImageSource image, Collection<Integer> layers) throws IOException {
        return forward(List.of(image), layers);
    }

    /** Images read from their sources (all in one batch), through CLIP and the SAEs of {@code layers}. */
    public ScopeResult forward(List<ImageSource> images, Collection<Integer> layers) throws IOException {
        return forward(images, layers, SaeInput.RAW);
    }

    /**
     * As {@link #forward(List, Collection)}, the SAEs reading their inputs as {@code input} says: in batch mode
     * standardised with these images' own statistics, in dataset mode with the stored ones.
     */
    public ScopeResult forward(List<ImageSource> images, Collection<Integer> layers, SaeInput input) throws IOException {
        List<String> names = new ArrayList<>();
        List<BufferedImage> decoded = new ArrayList<>();
        for (ImageSource image : images) {
            decoded.add(image.read());
            names.add(image.name());
        }
        return forward(names, decoded, layers, input);
    }

    /** Preprocesses the images (one resize and one crop each), runs CLIP to the deepest layer asked for and each layer's SAE. */
    public ScopeResult forward(List<String> names, List<BufferedImage> images, Collection<Integer> layers)
            throws IOException {
        return forward(names, images, layers, SaeInput.RAW);
    }

    public ScopeResult forward(List<String> names, List<BufferedImage> images, Collection<Integer> layers, SaeInput input)
            throws IOException {
        List<PreparedImage> prepared = new ArrayList<>();
        for (BufferedImage image : images) {
            prepared.add(preprocessor.prepare(image));
        }
        return forwardPrepared(names, prepared, layers, input);
    }

    /** Runs images already prepared by {@link Preprocessor#prepare}. */
    public ScopeResult forwardPrepared(List<String> names, List<PreparedImage> images, Collection<Integer> layers)
            throws IOException {
        return forwardPrepared(names, images, layers, SaeInput.RAW);
    }

    public ScopeResult forwardPrepared(List<String> names, List<PreparedImage> images, Collection<Integer> layers,
                                      SaeInput input) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No images were given; pass at least one.");
        }
        List<BufferedImage> crops = new ArrayList<>();
        List<PixelValues> pixels = new ArrayList<>();
        for (PreparedImage image : images) {
            crops.add(image.crop());
            pixels.add(image.pixels());
        }
        return forwardPixels(names, crops, PixelBatch.stack(pixels), layers, input);
    }

    /** Runs given pixel values (already preprocessed, [B, 3, size, size]). */
    public ScopeResult forwardPixels(List<String> names, List<BufferedImage> crops, PixelBatch pixels,
                                     Collection<Integer> layers) throws IOException {
        return forwardPixels(names, crops, pixels, layers, SaeInput.RAW);
    }

    public ScopeResult forwardPixels(List<String> names, List<BufferedImage> crops, PixelBatch pixels,
                                     Collection<Integer> layers, SaeInput input) throws IOException {
        ResidualStream resid = residuals(pixels, layers);
        return encode(names, crops, pixels, resid, layers, input, null);
    }

    /** CLIP alone: the residual stream of the images at {@code layers} (each a layer with an SAE), no SAE run. */
    public ResidualStream residuals(PixelBatch pixels, Collection<Integer> layers) {
        SortedSet<Integer> wanted = new TreeSet<>(layers);
        for (int layer : wanted) {
            slot(layer);
        }
        checkCancelled();
        return clip.forward(pixels.data(), pixels.batch(), Capture.blocks(wanted));
    }

    /**
     * The SAEs of {@code layers} on a residual stream CLIP made of the images: raw, or standardised per layer with
     * {@code batchStats} (batch mode; null: these images' own statistics) or the stored statistics (dataset mode).
     */
    public ScopeResult encode(List<String> names, List<BufferedImage> crops, PixelBatch pixels, ResidualStream resid,
                              Collection<Integer> layers, SaeInput input, Map<Integer, LayerStats> batchStats)
            throws IOException {
        requireStatsFit(input, layers);
        Map<Integer, SaeOutput> out = new LinkedHashMap<>();
        SortedMap<Integer, LayerStats> used = new TreeMap<>();
        for (int layer : new TreeSet<>(layers)) {
            checkCancelled();
            Matrix x = resid.residFlat(layer);
            LayerStats stats = switch (input.mode()) {
                case RAW -> null;
                case DATASET -> input.stats().layer(layer);
                case BATCH -> batchStats != null && batchStats.containsKey(layer) ? batchStats.get(layer)
                        : LayerStats.over(List.of(x));
            };
            if (stats != null) {
                used.put(layer, stats);
            }
            out.put(layer, sae(layer).forwardVerbose(stats == null ? x : stats.standardise(x)));
        }
        return new ScopeResult(names, crops, pixels, resid, new TreeMap<>(out), demo, input, used);
    }

    /** A result's residual streams through its SAEs again, read as {@code input} says (in batch mode, over its images). */
    public ScopeResult encode(ScopeResult result, SaeInput input) throws IOException {
        return encode(result.names(), result.crops(), result.pixels(), result.resid(), result.layers(), input, null);
    }

    /** Refuses stored statistics of another CLIP or without a layer asked for, before anything runs. */
    private void requireStatsFit(SaeInput input, Collection<Integer> layers) {
        if (input.mode() != SaeInput.Mode.DATASET) {
            return;
        }
        InputStats stats = input.stats();
        if (!stats.clip().equals(clipName)) {
            throw new IllegalArgumentException("The input statistics " + (stats.file() == null ? "of " + stats.source()
                    : stats.file().toString()) + " come from CLIP " + stats.clip() + ", not this scope's " + clipName
                    + "; estimate them again with this scope.");
        }
        layers.forEach(stats::layer);
    }

    /**
     * Every image through CLIP and the SAEs of {@code layers}, in batches, each image's result handed to
     * {@code listener} as it is ready and then let go: memory stays bounded however many images there are.
     * Images that cannot be read are skipped, each with its reason; see {@link Scanner} for the loop.
     *
     * <pre>
     * jshell&gt; var metrics = new MetricsAccumulator();
     * jshell&gt; scope.scan(ImageSource.list("photos/"), scope.layers(), metrics);
     * jshell&gt; metrics.result().layer(22).mse()
     * </pre>
     */
    public ScanSummary scan(List<ImageSource> images, Collection<Integer> layers, ScanListener listener)
            throws IOException {
        return Scanner.run(this, images, layers, listener);
    }

    /** As {@link #scan(List, Collection, ScanListener)}, the SAEs reading their inputs as {@code input} says. */
    public ScanSummary scan(List<ImageSource> images, Collection<Integer> layers, SaeInput input, ScanListener listener)
            throws IOException {
        requireStatsFit(input, layers);
        return Scanner.run(this, images, layers, input, listener);
    }

    /**
     * The reconstruction figures of each layer's SAE over the images, in the space of {@code input}, with each
     * checkpoint's training counters beside them; {@code listener} hears progress and skips. No readable
     * image gives {@link Metrics#images()} 0 and no layers.
     *
     * <pre>
     * jshell&gt; scope.measure(ImageSource.list("photos/"), scope.layers(), SaeInput.BATCH, ScanListener.NONE).layer(22).mse()
     * </pre>
     */
    public Metrics measure(List<ImageSource> images, Collection<Integer> layers, SaeInput input, ScanListener listener)
            throws IOException {
        MetricsAccumulator sum = new MetricsAccumulator(input);
        ScanSummary summary = scan(images, layers, input, ScanListener.both(sum, listener));
        return summary.images() == 0 ? Metrics.none(input) : withTraining(sum.result(), layers);
    }

    /** As {@link #measure(List, Collection, SaeInput, ScanListener)} on a forward result's images (in batch mode, over them). */
    public Metrics measure(ScopeResult result, Collection<Integer> layers, SaeInput input) throws IOException {
        MetricsAccumulator sum = new MetricsAccumulator(input);
        sum.add(encode(result, input), layers);
        return withTraining(sum.result(), layers);
    }

    private Metrics withTraining(Metrics metrics, Collection<Integer> layers) throws IOException {
        SortedMap<Integer, TrainingCounters> training = new TreeMap<>();
        for (int layer : new TreeSet<>(layers)) {
            training.put(layer, training(layer));
        }
        return metrics.withTraining(training);
    }

    /**
     * Each layer's input statistics over every token of the images (CLIP only), for
     * {@link SaeInput#dataset}; {@code source} says what the images were. Every layer with an SAE is estimated.
     */
    public InputStats inputStats(List<ImageSource> images, ScanListener listener, String source) throws IOException {
        return Scanner.inputStats(this, images, layers(), source, listener);
    }

    /**
     * What splicing each layer's SAE reconstruction into CLIP costs its zero-shot labels over {@code prompts},
     * against the clean run and against zero-ablating the layer's residual ({@link CostScan}).
     */
    public Costs cost(List<ImageSource> images, Collection<Integer> layers, List<String> prompts, SaeInput input,
                      ScanListener listener) throws IOException {
        requireStatsFit(input, layers);
        return CostScan.run(this, images, layers, prompts, input, listener);
    }

    /**
     * As {@link #scan(List, Collection, ScanListener)}, {@code batch} images per forward pass (1 to
     * {@link Scanner#MAX_BATCH}).
     */
    public ScanSummary scan(List<ImageSource> images, Collection<Integer> layers, int batch, ScanListener listener)
            throws IOException {
        return Scanner.run(this, images, layers, SaeInput.RAW, batch, listener);
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
        return intervene(names, pixels, prompts, edits, SaeInput.RAW);
    }

    /** As {@link #intervene(List, PixelBatch, List, List)}, the SAEs reading their inputs as {@code input} says. */
    public InterventionResult intervene(List<String> names, PixelBatch pixels, List<String> prompts,
                                        List<Intervention> edits, SaeInput input) throws IOException {
        requireStatsFit(input, edits.stream().map(Intervention::layer).toList());
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
        return Interventions.run(clip, saeLayers(), names, pixels, edits, input,
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

    /** The scope's SAEs as the intervention code takes them. */
    public SaeLayers saeLayers() {
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
        return saes.get(Layers.require(layer, layers(), Layers.LOADED));
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
