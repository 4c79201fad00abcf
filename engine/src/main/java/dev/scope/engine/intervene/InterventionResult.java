package dev.scope.engine.intervene;

import dev.scope.engine.Matrix;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.engine.text.Labels;
import dev.scope.engine.text.ZeroShot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Both runs of an intervention: the clean forward pass and the edited one, image by image. It holds
 * the image embeddings, the SAE latents at the edited layer and every later SAE layer (rows = image ·
 * tokens + token, as the edited run saw them), and, when prompts were given, the zero-shot labels of
 * each run.
 *
 * <pre>
 * jshell&gt; var r = scope.forward(image, Intervention.ablate(22, 4242));
 * jshell&gt; r.cosine(0)                 // the edited image embedding against the clean one
 * jshell&gt; r.labelsAfter().get(0).best()
 * </pre>
 */
public record InterventionResult(
        List<Intervention> interventions,
        List<String> names,
        int tokens,
        Matrix cleanEmbeds,
        Matrix editedEmbeds,
        SortedMap<Integer, SaeOutput> latentsBefore,
        SortedMap<Integer, SaeOutput> latentsAfter,
        List<Labels> labelsBefore,
        List<Labels> labelsAfter,
        List<String> notes,
        boolean demo) {

    public InterventionResult {
        interventions = List.copyOf(interventions);
        names = List.copyOf(names);
        latentsBefore = Collections.unmodifiableSortedMap(new TreeMap<>(latentsBefore));
        latentsAfter = Collections.unmodifiableSortedMap(new TreeMap<>(latentsAfter));
        labelsBefore = List.copyOf(labelsBefore);
        labelsAfter = List.copyOf(labelsAfter);
        notes = List.copyOf(notes);
    }

    public int images() {
        return names.size();
    }

    /** The cosine between the edited and the clean image embedding of one image (1 = unchanged). */
    public double cosine(int image) {
        return ZeroShot.cosine(cleanEmbeds.row(image), editedEmbeds.row(image));
    }

    public boolean hasLabels() {
        return !labelsBefore.isEmpty();
    }

    /** The SAE layers whose latents both runs report: the edited layer and those after it. */
    public List<Integer> layers() {
        return List.copyOf(latentsAfter.keySet());
    }

    /**
     * The {@code n} latents of {@code layer} whose value on one token of one image changed most
     * (by |after − before|), largest change first; latents that did not change are left out.
     */
    public List<LatentChange> changes(int layer, int image, int token, int n) {
        SaeOutput before = latentsBefore.get(layer);
        SaeOutput after = latentsAfter.get(layer);
        if (before == null || after == null) {
            throw new IllegalArgumentException("Layer " + layer + " is not in this result; it has layers "
                    + latentsAfter.keySet() + ".");
        }
        if (token < 0 || token >= tokens) {
            throw new IllegalArgumentException("Token " + token + " does not exist; tokens are 0 (CLS) to "
                    + (tokens - 1) + ".");
        }
        int row = image * tokens + token;
        Map<Integer, float[]> values = new HashMap<>();
        for (int j = 0; j < before.k(); j++) {
            values.computeIfAbsent(before.index(row, j), f -> new float[2])[0] = before.value(row, j);
        }
        for (int j = 0; j < after.k(); j++) {
            values.computeIfAbsent(after.index(row, j), f -> new float[2])[1] = after.value(row, j);
        }
        List<LatentChange> out = new ArrayList<>();
        values.forEach((f, v) -> {
            if (v[0] != v[1]) {
                out.add(new LatentChange(layer, f, token, v[0], v[1]));
            }
        });
        out.sort(Comparator.comparingDouble((LatentChange c) -> -Math.abs(c.delta())).thenComparingInt(LatentChange::latent));
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    @Override
    public String toString() {
        return "InterventionResult(" + interventions + ", " + images() + " image(s), cos " + String.format("%.4f", cosine(0))
                + (demo ? ", DEMO" : "") + ")";
    }
}
