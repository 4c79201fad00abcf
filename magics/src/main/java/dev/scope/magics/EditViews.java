package dev.scope.magics;

import dev.scope.engine.intervene.InterventionResult;
import dev.scope.engine.intervene.LatentChange;
import dev.scope.engine.text.Labels;
import dev.scope.views.DemoMark;
import dev.scope.views.LabelBars;
import dev.scope.views.LatentShiftChart;
import dev.scope.views.TokenContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What ablate, clamp and steer show of an {@link InterventionResult}: a summary (cosine to the clean
 * embedding, top label before and after), the label bars before/after, and the CLS latents that moved
 * most at the layer after the edit and at the deepest layer.
 */
final class EditViews {

    static final int LABELS = 8;
    static final int LATENTS = 10;

    private EditViews() {
    }

    static Shown of(InterventionResult r) {
        StringBuilder text = new StringBuilder();
        if (r.demo()) {
            text.append(DemoMark.TEXT).append(": these numbers come from the demo scope.\n");
        }
        text.append(r.interventions().get(0)).append(" · ").append(r.names().get(0)).append('\n')
                .append(String.format(Locale.ROOT, "image embedding cosine to the clean run: %.4f%n", r.cosine(0)));
        r.notes().forEach(n -> text.append(n).append('\n'));
        List<Object> views = new ArrayList<>();
        if (r.hasLabels()) {
            Labels before = r.labelsBefore().get(0);
            Labels after = r.labelsAfter().get(0);
            text.append("top label: ").append(label(before.best())).append(" → ").append(label(after.best())).append('\n');
            views.add(LabelBars.builder(before.prompts(), before.probabilities()).after(after.probabilities())
                    .top(LABELS).title("Zero-shot labels before and after").demo(r.demo()).build());
        }
        for (int layer : shownLayers(r)) {
            List<LatentChange> moved = r.changes(layer, 0, 0, LATENTS);
            int[] ids = moved.stream().mapToInt(LatentChange::latent).toArray();
            float[] before = new float[ids.length];
            float[] after = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                before[i] = moved.get(i).before();
                after[i] = moved.get(i).after();
            }
            views.add(LatentShiftChart.builder(ids, before, after).context(TokenContext.cls(layer)).demo(r.demo()).build());
        }
        return new Shown(text.toString(), views, r);
    }

    /** The first SAE layer after the edit (or the edited one when it is the deepest), and the deepest. */
    static List<Integer> shownLayers(InterventionResult r) {
        List<Integer> layers = r.layers();
        LinkedHashSet<Integer> shown = new LinkedHashSet<>();
        shown.add(layers.size() > 1 ? layers.get(1) : layers.get(0));
        shown.add(layers.get(layers.size() - 1));
        return List.copyOf(shown);
    }

    private static String label(Labels.Label l) {
        return "\"" + LabelBars.shortLabel(l.prompt()) + "\" " + LabelsCommand.percent(l.probability());
    }
}
