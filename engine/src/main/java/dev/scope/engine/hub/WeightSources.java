package dev.scope.engine.hub;

import java.util.List;

/**
 * Where scope takes its two sets of weights from: the CLIP ViT-L/14 model and the scope's SAEs.
 * By default these are the published hub repositories; {@code ScopeSpec.fromEnvironment()} replaces either
 * with {@code SCOPE_CLIP} / {@code SCOPE_SAES} (a local copy or another repo), and {@code --clip}/{@code --saes} do.
 *
 * <pre>
 * jshell&gt; WeightSources.defaults().saes()
 * $1 ==&gt; lewington/CLIP-ViT-L-scope
 * jshell&gt; WeightSources.scopeFile(8)
 * $2 ==&gt; "8_resid/1200013184.pt"
 * </pre>
 */
public record WeightSources(Source clip, Source saes) {

    public static final String CLIP_REPO = "laion/CLIP-ViT-L-14-laion2B-s32B-b82K";
    public static final String SCOPE_REPO = "lewington/CLIP-ViT-L-scope";
    /** CLIP's files: both towers' config and weights, the image preprocessing, and the text side's tokenizer. */
    public static final List<String> CLIP_FILES = List.of("config.json", "preprocessor_config.json",
            "tokenizer.json", "model.safetensors");
    /** The layers the published scope has an SAE for. */
    public static final List<Integer> SCOPE_LAYERS = List.of(2, 5, 8, 11, 14, 17, 20, 22);
    /** The training token count in the published checkpoints' file names. */
    public static final long SCOPE_TOKENS = 1_200_013_184L;

    public static WeightSources defaults() {
        return new WeightSources(Source.repo(CLIP_REPO), Source.repo(SCOPE_REPO));
    }

    /** The published checkpoint of one layer, e.g. {@code 2_resid/1200013184.pt}. */
    public static String scopeFile(int layer) {
        return layer + "_resid/" + SCOPE_TOKENS + ".pt";
    }

    public WeightSources withClip(Source clip) {
        return new WeightSources(clip, saes);
    }

    public WeightSources withSaes(Source saes) {
        return new WeightSources(clip, saes);
    }
}
