package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.ScopeTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code %scope load}: the engine's {@code Scope.load} from {@code ScopeSpec.fromEnvironment()} and the flags,
 * drawn as progress bars, ending with the scope's table. The scope loaded before stays until the new one's
 * files and configs check out, and is freed then, before the new weights load.
 */
record LoadCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("load",
            "%scope load [--layers 22|2,5|all] [--clip SRC] [--saes SRC] [--device auto|cpu|gpu]"
                    + " [--dtype float32|float16] [--demo]",
            new FlagSpec(ScopeSpec.OPTIONS, List.of("demo")), """
                Loads CLIP ViT-L/14's vision tower and the scope's TopK SAEs, with a progress bar, and shows a table
                of layer, d_in, n_features, k, checkpoint, device and memory. Returns the Scope.
                  --layers  the deepest layer the SAEs have (default: 22, one SAE, ≈1.7 GB with CLIP in float32,
                            ≈0.9 GB in float16), a list like 2,5 (22_resid, (22,'resid') and
                            blocks.22.hook_resid_post name layer 22 too), or all (each SAE, ≈0.5 GB in float32,
                            then loads when first used; CLIP always runs to the deepest layer asked for)
                  --clip    CLIP weights: a Hugging Face repo id or a local folder
                            (default $SCOPE_CLIP, else laion/CLIP-ViT-L-14-laion2B-s32B-b82K)
                  --saes    SAE checkpoints: a repo id or a local folder (default $SCOPE_SAES, else lewington/CLIP-ViT-L-scope)
                  --device  auto (default: a GPU when there is one), cpu or gpu
                  --dtype   float32 (default) or float16 (half the memory: use it on a 2 GB Binder; bfloat16 is not
                            available)
                  --demo    a small scope with seeded random weights built in memory (layers 2 and 5, no download);
                            everything made from it is marked DEMO; SCOPE_DEMO=1 means --demo when neither CLIP nor the
                            SAEs are named (./scope demo and ./scope notebook set it when no weights are here)
                Without a flag, its $SCOPE_LAYERS, $SCOPE_DEVICE or $SCOPE_DTYPE applies when set.
                A scope loaded before stays until the new one's files are found and its configs read (a typo keeps
                it); it is freed then, before the new weights load, so that two ViT-Ls never share memory.""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        args.onlyFlags("e.g. %scope load --layers 22.");
        Map<String, String> options = new LinkedHashMap<>(args.options());
        if (args.has("demo")) {
            options.keySet().stream().filter(o -> !o.equals("layers")).findFirst().ifPresent(o -> {
                throw new MagicException("--demo builds its own small CPU scope, so --" + o
                        + " does not apply; leave out one or the other.");
            });
        }
        ScopeSpec asked = EngineCalls.call(() -> ScopeSpec.fromEnvironment().withOptions(options));
        ScopeSpec spec = args.has("demo") ? asked.withDemo(true) : asked;
        boolean[] released = {false};
        boolean hadScope = session.scope().isPresent();
        Scope scope;
        try (LoadProgress progress = new LoadProgress(spec.demo() ? "Building the DEMO scope" : "Loading the scope",
                () -> {
                    session.replaceScope(null);
                    released[0] = hadScope;
                })) {
            scope = EngineCalls.call(() -> Scope.load(spec, progress));
        } catch (MagicException e) {
            throw released[0] ? new MagicException(e.getMessage() + " (The scope loaded before was freed to make"
                    + " room; load it again.)", e) : e;
        }
        session.replaceScope(scope);
        String note = !spec.demo() ? "" : "Loaded the DEMO scope: random weights, for trying the magics only."
                + (args.has("demo") ? "" : " (SCOPE_DEMO=1 is set: the real weights were neither cached nor reachable.)");
        return new Shown(note, List.of(ScopeTable.view(scope.summary())), scope);
    }
}
