package dev.scope.engine.scan;

import dev.scope.engine.sae.Definition;

import java.util.List;

/**
 * What splicing one layer's SAE reconstruction into CLIP (x → x̂ on every token, in the SAE's input space and
 * carried back) costs CLIP's zero-shot head over a set of images and prompts, beside zero-ablating the layer's
 * residual (x → 0). Each figure is defined in {@link #DEFINITIONS}; p is the softmax over the prompts of CLIP's
 * zero-shot logits {@code exp(logit_scale) · cos(image embedding, text embedding)}.
 *
 * @param kl               mean KL(p_clean ‖ p_spliced), nats
 * @param klZero           mean KL(p_clean ‖ p_zeroed), nats
 * @param agreement        share of images whose top prompt is unchanged with the reconstruction spliced in
 * @param agreementZero    the same with the residual zeroed
 * @param cosine           mean cosine of the spliced run's image embedding to the clean one
 * @param cosineZero       the same with the residual zeroed
 */
public record SubstitutionCost(int layer, int images, double kl, double klZero, double agreement, double agreementZero,
                               double cosine, double cosineZero) {

    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("kl", "KL divergence", "mean over images of KL(p_clean ‖ p_spliced) in nats, p the softmax over"
                    + " the prompts of CLIP's zero-shot logits exp(logit_scale) · cos(image, text)", false),
            new Definition("top1_agreement", "top-1 agreement", "share of images whose most probable prompt is the same"
                    + " with the SAE's reconstruction spliced in as in the clean run", false),
            new Definition("share_recovered", "share recovered", "(L_zero − L_spliced) / (L_zero − L_clean), L the"
                    + " cross-entropy of the zero-shot distribution against the clean run's (ViT-Prisma's substitution"
                    + " score with the clean prediction for labels) = 1 − KL_spliced / KL_zero; 1 loses nothing, 0 is as"
                    + " bad as zeroing the layer", false),
            new Definition("cosine", "embedding cosine", "mean over images of the cosine of the image embedding with the"
                    + " reconstruction spliced in to the clean one", false),
            new Definition("kl_zero", "KL, layer zeroed", "the KL divergence with the layer's whole residual set to 0"
                    + " instead (the baseline)", false),
            new Definition("top1_agreement_zero", "top-1 agreement, layer zeroed", "the top-1 agreement with the layer's"
                    + " residual set to 0", false),
            new Definition("cosine_zero", "embedding cosine, layer zeroed", "the embedding cosine with the layer's"
                    + " residual set to 0", false));

    /** Each figure by its {@link #DEFINITIONS} key, in that order. */
    public java.util.Map<String, Double> figures() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        out.put("kl", kl);
        out.put("top1_agreement", agreement);
        out.put("share_recovered", shareRecovered());
        out.put("cosine", cosine);
        out.put("kl_zero", klZero);
        out.put("top1_agreement_zero", agreementZero);
        out.put("cosine_zero", cosineZero);
        return out;
    }

    /**
     * 1 − KL_spliced / KL_zero: what ViT-Prisma's (L_zero − L_spliced) / (L_zero − L_clean) is when L is the
     * cross-entropy against the clean distribution (L_clean is its entropy, and L − L_clean the KL); NaN when
     * zeroing the layer changed nothing.
     */
    public double shareRecovered() {
        return klZero > 0 ? 1 - kl / klZero : Double.NaN;
    }
}
