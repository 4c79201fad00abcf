package dev.scope.engine.resid;

/** The shape of CLIP ViT-L/14 at 224 px, as in laion/CLIP-ViT-L-14-laion2B-s32B-b82K's config.json. */
public final class VitL14 {
    public static final VisionConfig CONFIG = new VisionConfig(1024, 4096, 24, 16, 224, 14,
            VisionConfig.Activation.GELU, 1e-5, 768);

    private VitL14() {
    }
}
