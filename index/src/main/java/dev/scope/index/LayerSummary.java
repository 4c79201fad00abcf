package dev.scope.index;

import dev.scope.engine.LayerResult;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.ReconstructionMetrics;
import dev.scope.engine.sae.SaeOutput;

import java.util.Arrays;

/**
 * What the index keeps of one image at one layer: for each latent active (nonzero) on any token, in increasing
 * id order, its CLS value and its largest value over the patch tokens with the first patch where that is
 * reached, both read from the dense latent (0 where the SAE did not keep it) exactly as
 * {@link dev.scope.engine.scan.TopImages.By} ranks; and the image's reconstruction figures
 * ({@link ReconstructionMetrics}, the card's formulas). The local index and the Spark job both make rows here.
 *
 * @param peakPatch patch index 0 … patches−1 (row-major; token = patch + 1)
 */
public record LayerSummary(int layer, int[] latents, float[] cls, float[] patchMax, short[] peakPatch,
                           short[] activePatches, double mse, double explainedVariance, double l0) {

    public int size() {
        return latents.length;
    }

    /** Summarises {@code result} (one image, all its tokens, CLS first). */
    public static LayerSummary of(LayerResult result) {
        SaeOutput out = result.sae();
        TokenLayout layout = TokenLayout.ofTokens(out.rows());
        int patches = layout.patches();
        int k = out.k();
        int[] indices = out.indices();
        float[] values = out.values();

        int[] slot = new int[out.nFeatures()];
        Arrays.fill(slot, -1);
        int[] latents = new int[Math.min(out.nFeatures(), indices.length)];
        int n = 0;
        for (int i = 0; i < indices.length; i++) {
            if (values[i] != 0 && slot[indices[i]] < 0) {
                slot[indices[i]] = 0;
                latents[n++] = indices[i];
            }
        }
        latents = Arrays.copyOf(latents, n);
        Arrays.sort(latents);
        for (int s = 0; s < n; s++) {
            slot[latents[s]] = s;
        }

        float[] cls = new float[n];
        float[] keptMax = new float[n];
        Arrays.fill(keptMax, Float.NEGATIVE_INFINITY);
        short[] keptPeak = new short[n];
        short[] active = new short[n];
        // the first patch where a latent is not active: patches 0 … gap−1 all have it
        short[] gap = new short[n];
        for (int j = 0; j < k; j++) {
            float v = values[TokenLayout.CLS * k + j];
            if (v != 0) {
                cls[slot[indices[TokenLayout.CLS * k + j]]] = v;
            }
        }
        for (int p = 0; p < patches; p++) {
            int row = p + 1;
            for (int j = 0; j < k; j++) {
                float v = values[row * k + j];
                if (v == 0) {
                    continue;
                }
                int s = slot[indices[row * k + j]];
                if (v > keptMax[s]) {
                    keptMax[s] = v;
                    keptPeak[s] = (short) p;
                }
                active[s]++;
                if (gap[s] == p) {
                    gap[s] = (short) (p + 1);
                }
            }
        }
        float[] patchMax = new float[n];
        short[] peak = new short[n];
        for (int s = 0; s < n; s++) {
            boolean zeroSomewhere = active[s] < patches;
            if (zeroSomewhere && !(keptMax[s] > 0)) {
                patchMax[s] = 0; // the dense column's max is a 0 where the latent was not kept
                peak[s] = gap[s];
            } else {
                patchMax[s] = keptMax[s];
                peak[s] = keptPeak[s];
            }
        }
        ReconstructionMetrics m = ReconstructionMetrics.of(result.resid(), out);
        return new LayerSummary(result.layer(), latents, cls, patchMax, peak, active, m.mse(), m.explainedVariance(),
                m.l0());
    }
}
