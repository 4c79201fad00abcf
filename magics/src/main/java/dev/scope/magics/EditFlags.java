package dev.scope.magics;

import dev.scope.engine.intervene.TokenSet;
import dev.scope.kernel.ext.MagicException;

import java.util.List;

/**
 * The flags ablate, clamp and steer share: {@code --layer} (a layer with an SAE, default the last
 * result's deepest), {@code --token cls|all|row,col} (default all) and {@code --labels} (default ImageNet).
 */
record EditFlags(int layer, TokenSet tokens, List<String> prompts) {

    static final List<String> OPTIONS = List.of("layer", "token", "labels");
    static final String HELP = """
              --layer   a layer with an SAE (default: the last result's deepest)
              --token   all (default), cls, or one patch as row,col
              --labels  prompts to label with, comma-separated ("a cat","a dog"), a .txt file of one a line,
                        or imagenet (default)""";

    static EditFlags parse(ParsedArgs args, ScopeSession session) {
        return new EditFlags(session.resultLayer(args.option("layer")), tokens(args.option("token", "all")),
                Prompts.parse(args.option("labels", "imagenet")));
    }

    static TokenSet tokens(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("all")) {
            return TokenSet.all();
        }
        if (t.equals("cls")) {
            return TokenSet.cls();
        }
        String[] parts = t.split(",", -1);
        if (parts.length == 2 && Values.integer(parts[0].strip()).isPresent() && Values.integer(parts[1].strip()).isPresent()) {
            return TokenSet.patch(Values.integer(parts[0].strip()).get(), Values.integer(parts[1].strip()).get());
        }
        throw new MagicException("--token takes all, cls or a patch as row,col like 3,7; not '" + text + "'.");
    }
}
