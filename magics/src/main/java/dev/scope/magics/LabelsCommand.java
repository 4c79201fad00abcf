package dev.scope.magics;

import dev.scope.engine.ScopeResult;
import dev.scope.engine.text.Labels;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.views.LabelBars;

import java.util.List;
import java.util.stream.Collectors;

/** {@code %scope labels}: CLIP's zero-shot labels for the last forward image, as bars. Returns {@link Labels}. */
final class LabelsCommand implements Subcommand {

    static final int DEFAULT_TOP = 10;

    private final ScopeSession session;

    LabelsCommand(ScopeSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "labels";
    }

    @Override
    public String usage() {
        return "%scope labels [\"a cat\" \"a dog\" …] [--file prompts.txt] [--top N]";
    }

    @Override
    public String description() {
        return """
                Labels the last forward image with CLIP's text tower: each prompt's probability is the softmax over
                the prompts of exp(logit_scale) · cos(image embedding, text embedding). Without prompts it uses the
                ImageNet-1k classes as "a photo of a {}.". Prompts longer than CLIP's 77 tokens are cut, with a note.
                  --file  a text file with one prompt a line
                  --top   how many labels to draw (default 10)""";
    }

    @Override
    public FlagSpec flags() {
        return new FlagSpec(List.of("file", "top"), List.of());
    }

    @Override
    public Shown run(ParsedArgs args, MagicContext context) {
        ScopeResult result = session.requireResult();
        List<String> prompts = Prompts.of(args.positionals(), args.option("file"));
        int top = Math.min(prompts.size(), Values.intIn(args.option("top", String.valueOf(DEFAULT_TOP)), "--top", 1,
                dev.scope.engine.text.PromptSet.MAX_PROMPTS));
        Labels labels = EngineCalls.call(() -> session.requireScope().labels(result.pixels(), prompts)).get(0);
        String best = labels.top(3).stream()
                .map(l -> "\"" + LabelBars.shortLabel(l.prompt()) + "\" " + percent(l.probability()))
                .collect(Collectors.joining(", "));
        String text = String.join("\n", labels.notes()) + (labels.notes().isEmpty() ? "" : "\n")
                + result.names().get(0) + ": " + best + " (of " + prompts.size() + " prompts)";
        return new Shown(text, List.of(LabelBars.builder(prompts, labels.probabilities()).top(top)
                .title("Zero-shot labels · " + result.names().get(0)).demo(result.demo()).build()), labels);
    }

    static String percent(float p) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * p);
    }
}
