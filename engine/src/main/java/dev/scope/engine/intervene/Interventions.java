package dev.scope.engine.intervene;

import dev.scope.engine.Matrix;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidEdit;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.sae.TopKSae;
import dev.scope.engine.text.Labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs interventions: CLIP once clean to the image embedding, then again from the first edited
 * layer's clean residual with the edits applied, through the remaining blocks; the SAEs at the edited
 * and later layers read both runs; {@code labeler}, when given, labels both embeddings.
 */
public final class Interventions {
    private Interventions() {
    }

    public static InterventionResult run(ClipVision clip, SaeLayers saes, List<String> names, PixelBatch pixels,
                                         List<Intervention> edits, Function<Matrix, List<Labels>> labeler,
                                         List<String> notes, boolean demo) throws IOException {
        if (edits.isEmpty()) {
            throw new IllegalArgumentException("No interventions were given; pass at least one.");
        }
        int grid = clip.config().gridSize();
        for (Intervention edit : edits) {
            check(edit, saes, grid);
        }
        int first = edits.stream().mapToInt(Intervention::layer).min().orElseThrow();
        TreeSet<Integer> watched = new TreeSet<>(saes.layers().tailSet(first));
        Capture capture = Capture.blocks(watched).withPooled();
        ResidualStream clean = clip.forward(pixels.data(), pixels.batch(), capture);
        ResidEdit edit = new LayerEdits(edits, saes, clip.config().tokens(), grid);
        ResidualStream edited;
        try {
            edited = clip.resume(first, clean.residArrays().get(first), pixels.batch(), capture, edit);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        SortedMap<Integer, SaeOutput> before = new TreeMap<>();
        SortedMap<Integer, SaeOutput> after = new TreeMap<>();
        for (int layer : watched) {
            TopKSae sae = saes.sae(layer);
            before.put(layer, sae.forwardVerbose(clean.residFlat(layer)));
            after.put(layer, sae.forwardVerbose(edited.residFlat(layer)));
        }
        List<Labels> labelsBefore = labeler == null ? List.of() : labeler.apply(clean.imageEmbeds());
        List<Labels> labelsAfter = labeler == null ? List.of() : labeler.apply(edited.imageEmbeds());
        return new InterventionResult(edits, names, clip.config().tokens(), clean.imageEmbeds(), edited.imageEmbeds(),
                before, after, labelsBefore, labelsAfter, notes, demo);
    }

    /** A layer without an SAE, an unknown latent or a patch off the grid is refused before any pass. */
    static void check(Intervention edit, SaeLayers saes, int grid) throws IOException {
        if (!saes.layers().contains(edit.layer())) {
            throw new IllegalArgumentException("Layer " + edit.layer() + " has no SAE; interventions work at the"
                    + " layers with SAEs: " + saes.layers() + ".");
        }
        int features = saes.sae(edit.layer()).nFeatures();
        for (int f : edit.latents()) {
            if (f < 0 || f >= features) {
                throw new IllegalArgumentException("Latent " + f + " does not exist; the SAE at layer " + edit.layer()
                        + " has latents 0 to " + (features - 1) + ".");
            }
        }
        edit.tokens().resolve(grid);
    }
}
