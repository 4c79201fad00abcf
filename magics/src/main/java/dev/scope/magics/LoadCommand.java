package dev.scope.magics;

import dev.scope.engine.DeviceChoice;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.WeightType;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.SaeCheckpoints;
import dev.scope.engine.hub.Source;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.util.List;

/**
 * {@code %scope load}: CLIP's vision tower and the SAEs, with a progress bar, ending with the summary table.
 * Named layers are loaded now; {@code --layers all} loads CLIP and each SAE when first used.
 */
final class LoadCommand implements Subcommand {

    static final String DEFAULT_LAYERS = "22";
    static final long DEMO_SEED = 0;

    private final ScopeSession session;

    LoadCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "%scope load [--layers 22|2,5|all] [--clip SRC] [--saes SRC] [--device auto|cpu|gpu]"
                + " [--dtype float32|float16] [--demo]";
    }

    @Override
    public String description() {
        return """
                Loads CLIP ViT-L/14's vision tower and the scope's TopK SAEs, with a progress bar, and shows a table
                of layer, d_in, n_features, k, checkpoint, device and memory. Returns the Scope.
                  --layers  which SAEs: 22 (default: one SAE, ≈1.7 GB with CLIP in float32, ≈0.9 GB in float16),
                            a list like 2,5, or all (each SAE, ≈0.5 GB in float32, then loads when first used;
                            CLIP always runs to the deepest layer asked for)
                            Without --layers, --device or --dtype: $SCOPE_LAYERS, $SCOPE_DEVICE, $SCOPE_DTYPE when set.
                  --clip    CLIP weights: a Hugging Face repo id or a local folder
                            (default $SCOPE_CLIP, else laion/CLIP-ViT-L-14-laion2B-s32B-b82K)
                  --saes    SAE checkpoints: a repo id or a local folder (default $SCOPE_SAES, else lewington/CLIP-ViT-L-scope)
                  --device  auto (default: a GPU when there is one), cpu or gpu
                  --dtype   float32 (default) or float16 (half the memory: use it on a 2 GB Binder; bfloat16 is not
                            available)
                  --demo    a small scope with seeded random weights built in memory (layers 2 and 5, no download);
                            everything made from it is marked DEMO; SCOPE_DEMO=1 means --demo when --clip and
                            --saes are not given (./scope demo and ./scope notebook set it when no weights are here)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("layers", "clip", "saes", "device", "dtype"), List.of("demo"));
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new MagicException("%scope load takes only flags, not '" + args.positionals().get(0)
                    + "'; e.g. %scope load --layers 22.");
        }
        // SCOPE_DEMO=1 (set by ./scope demo and ./scope notebook when no real weights are here) stands for --demo
        boolean demoByEnv = !args.has("demo") && isTrue(System.getenv("SCOPE_DEMO"))
                && args.option("clip").isEmpty() && args.option("saes").isEmpty();
        boolean demo = args.has("demo") || demoByEnv;
        if (demo) {
            checkDemoFlags(args);
        }
        // the old scope goes first: two ViT-L scopes at once would not fit a small notebook server
        session.replaceScope(null);
        Scope scope = demo ? Scope.demo(DEMO_SEED) : EngineCalls.call(() -> load(args));
        session.replaceScope(scope);
        return new Shown(scope.isDemo() ? "Loaded the DEMO scope: random weights, for trying the magics only."
                + (demoByEnv ? " (SCOPE_DEMO=1 is set: the real weights were neither cached nor reachable.)" : "") : "",
                List.of(EngineCalls.call(() -> LoadSummary.of(scope))), scope);
    }

    private static void checkDemoFlags(ParsedArgs args) {
        for (String flag : List.of("clip", "saes", "device", "dtype")) {
            if (args.option(flag).isPresent()) {
                throw new MagicException("--demo builds its own small CPU scope, so --" + flag
                        + " does not apply; leave out one or the other.");
            }
        }
        List<Integer> layers = Values.layers(args.option("layers", "all"), "--layers");
        if (!Scope.DEMO_LAYERS.containsAll(layers)) {
            throw new MagicException("The demo scope has SAEs at layers " + Scope.DEMO_LAYERS + " only; pass --layers "
                    + "with those, or leave --layers out.");
        }
    }

    /** A default from the environment (binder/start sets SCOPE_LAYERS and SCOPE_DTYPE), else {@code fallback}. */
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static boolean isTrue(String value) {
        return value != null && List.of("1", "true", "yes", "on").contains(value.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static Scope load(ParsedArgs args) throws java.io.IOException {
        ScopeSpec spec = ScopeSpec.defaults();
        if (args.option("clip").isPresent()) {
            spec = spec.withClip(Source.parse(args.option("clip").get()));
        }
        if (args.option("saes").isPresent()) {
            spec = spec.withSaes(Source.parse(args.option("saes").get()));
        }
        List<Integer> layers = Values.layers(args.option("layers", env("SCOPE_LAYERS", DEFAULT_LAYERS)), "--layers");
        spec = spec.withLayers(layers)
                .withDevice(DeviceChoice.parse(args.option("device", env("SCOPE_DEVICE", "auto"))))
                .withDtype(WeightType.parse(args.option("dtype", env("SCOPE_DTYPE", "float32"))));
        try (LoadProgress progress = new LoadProgress("Loading the scope", layers.size())) {
            Scope scope = Scope.load(spec, progress);
            try {
                // named layers load now, so that downloads happen under the progress bar and the table shows them
                SaeCheckpoints checkpoints = layers.isEmpty() ? null : Hub.fromEnvironment().saeCheckpoints(spec.saes());
                for (int i = 0; i < layers.size(); i++) {
                    Hub.fromEnvironment().file(checkpoints.source(), checkpoints.file(layers.get(i)), progress);
                    scope.sae(layers.get(i));
                    progress.extraStage(i + 1);
                }
                return scope;
            } catch (RuntimeException | java.io.IOException e) {
                scope.close();
                throw e;
            }
        }
    }
}
