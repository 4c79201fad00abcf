package dev.scope.engine.scan;

import dev.scope.engine.Matrix;
import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.intervene.Intervention;
import dev.scope.engine.intervene.Interventions;
import dev.scope.engine.intervene.SaeLayers;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.LayerStats;
import dev.scope.engine.sae.SaeInput;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.PromptEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.IntFunction;

/**
 * The loop behind {@code Scope.cost}: per group of images ({@link Scanner#groupSize}), CLIP runs once clean to
 * the image embedding, keeping each layer's residual stream; then for each forward batch and layer it resumes
 * twice from that layer's clean residual, once with the substitute (by default the SAE's reconstruction
 * spliced in, {@link Intervention#splice}) and once with the residual zeroed ({@link Intervention#zero}), and
 * {@link CostAccumulator} compares the three runs' zero-shot labels and embeddings. The SAEs read their inputs
 * as {@code input} says (in batch mode, with the group's statistics), as in the metrics.
 */
public final class CostScan {

    private CostScan() {
    }

    /** The SAE's reconstruction spliced in, without its error term: what the cost measures. */
    public static final IntFunction<Intervention> SPLICE = layer -> Intervention.splice(layer, false);

    public static Costs run(Scope scope, List<ImageSource> images, Collection<Integer> layers, List<String> prompts,
                            SaeInput input, ScanListener listener) throws IOException {
        return run(scope, images, layers, prompts, input, SPLICE, listener);
    }

    /** As {@link #run(Scope, List, Collection, List, SaeInput, ScanListener)}, with another substitute at each layer. */
    public static Costs run(Scope scope, List<ImageSource> images, Collection<Integer> layers, List<String> prompts,
                            SaeInput input, IntFunction<Intervention> substitute, ScanListener listener)
            throws IOException {
        SortedSet<Integer> wanted = Scanner.wanted(scope, layers);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("No prompts were given to label with; pass at least two.");
        }
        PromptEncoder text = scope.text();
        text.embed(prompts); // encode the prompt set once, before any run reads it
        ClipVision clip = scope.clip();
        SaeLayers saes = scope.saeLayers();
        CostAccumulator sum = new CostAccumulator();
        Set<String> notes = new LinkedHashSet<>();
        ScanSummary summary = Scanner.groups(scope, images, Scanner.groupSize(input, scope.batchSize()), scope.batchSize(), listener, (ready, emit) -> {
            List<List<ImageBatches.Item>> chunks = Scanner.chunks(ready, scope.batchSize());
            List<PixelBatch> pixels = new ArrayList<>();
            List<ResidualStream> clean = new ArrayList<>();
            for (List<ImageBatches.Item> chunk : chunks) {
                checkCancelled();
                PixelBatch p = Scanner.pixels(chunk);
                pixels.add(p);
                clean.add(clip.forward(p.data(), p.batch(), Capture.blocks(wanted).withPooled()));
            }
            SaeLayers read = saes.standardisedBy(stats(input, clean, wanted));
            for (int c = 0; c < chunks.size(); c++) {
                ResidualStream run = clean.get(c);
                int batch = pixels.get(c).batch();
                List<Labels> cleanLabels = text.labels(run.imageEmbeds(), prompts);
                cleanLabels.forEach(l -> notes.addAll(l.notes()));
                for (int layer : wanted) {
                    checkCancelled();
                    float[] resid = run.residArrays().get(layer);
                    Matrix spliced = Interventions.embedsAfter(clip, read, layer, resid, batch,
                            List.of(substitute.apply(layer)));
                    Matrix zeroed = Interventions.embedsAfter(clip, read, layer, resid, batch,
                            List.of(Intervention.zero(layer)));
                    sum.add(layer, cleanLabels, text.labels(spliced, prompts), text.labels(zeroed, prompts),
                            run.imageEmbeds(), spliced, zeroed);
                }
                clean.set(c, null);
            }
        });
        return new Costs(summary.scanned() == 0 ? new TreeMap<>() : sum.result(), summary.scanned(), prompts.size(),
                input, scope.isDemo(), List.copyOf(notes));
    }

    /** Each layer's statistics for the mode: none (raw), the group's (batch), or the stored ones (dataset). */
    private static Map<Integer, LayerStats> stats(SaeInput input, List<ResidualStream> clean, SortedSet<Integer> layers) {
        return switch (input.mode()) {
            case RAW -> Map.of();
            case BATCH -> Scanner.groupStats(clean, layers);
            case DATASET -> {
                Map<Integer, LayerStats> stored = new TreeMap<>();
                layers.forEach(l -> stored.put(l, input.stats().layer(l)));
                yield stored;
            }
        };
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("Interrupted; the cost was not finished.");
        }
    }
}
