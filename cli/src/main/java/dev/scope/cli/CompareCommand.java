package dev.scope.cli;

import dev.scope.engine.io.Safetensors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./scope compare}: two {@code ./scope forward} files of the same images (a GPU pass against a
 * CPU one, float16 against float32, or a pass against a PyTorch reference) layer by layer; exit status
 * 1 when they differ beyond the tolerance.
 */
final class CompareCommand {
    static final String USAGE = """
            usage: ./scope compare --ours A.safetensors --reference B.safetensors
                                   [--layers 2,5|all] [--gaps C.safetensors] [--tolerance 1e-4] [--min-gap 1e-3]
              --gaps       where the k-th gaps (sae.L.kth_gap) are, if not in the reference; without any, every token is compared
              --tolerance  largest |Δ|, scaled by the reference's largest magnitude where that exceeds 1
              --min-gap    tokens whose k-th gap is at most this are not held to the same latents""";

    private static final Set<String> OPTIONS = Set.of("ours", "reference", "layers", "gaps", "tolerance", "min-gap");
    private static final Set<String> FLAGS = Set.of("help");

    private CompareCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Safetensors ours = Safetensors.open(Path.of(a.require("ours")));
        Safetensors reference = Safetensors.open(Path.of(a.require("reference")));
        Safetensors gaps = a.get("gaps") == null ? null : Safetensors.open(Path.of(a.get("gaps")));
        float tolerance = number(a, "tolerance", Parity.TOLERANCE);
        float minGap = number(a, "min-gap", Parity.MIN_GAP);
        List<Integer> layers = a.layers("layers");
        if (layers.isEmpty()) {
            TreeSet<Integer> found = new TreeSet<>();
            for (String name : ours.names()) {
                if (name.startsWith("resid.")) {
                    found.add(Integer.parseInt(name.substring("resid.".length())));
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException(ours.path() + " holds no resid.L tensors; pass a file written by ./scope forward.");
            }
            layers = List.copyOf(found);
        }
        out.println("ours      " + ours.path());
        out.println("reference " + reference.path());
        boolean agree = true;
        for (int layer : layers) {
            Parity p = Parity.of(layer, ours, reference, gaps, tolerance, minGap);
            out.println(p.describe());
            agree &= p.agrees();
        }
        out.println(agree ? "AGREE: every layer within the tolerance." : "DIFFER: see the layers marked DIFFER.");
        return agree ? 0 : 1;
    }

    private static float number(Args a, String name, float fallback) {
        String v = a.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            float f = Float.parseFloat(v.strip());
            if (f > 0 && Float.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Args.UsageException("--" + name + " needs a positive number such as 1e-4, not \"" + v + "\".");
    }
}
