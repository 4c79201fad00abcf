package dev.scope.magics;

import dev.scope.engine.text.PromptSet;
import dev.scope.kernel.ext.MagicException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The prompts a magic labels with: those given, a text file of one prompt a line, or by default the
 * ImageNet-1k classes in CLIP's "a photo of a {}." template.
 */
final class Prompts {

    private Prompts() {
    }

    /** {@code "a cat","a dog"} (one argument after the kernel's quoting), a .txt file, or {@code imagenet}. */
    static List<String> parse(String text) {
        if (text.equalsIgnoreCase("imagenet")) {
            return PromptSet.imagenet().prompts();
        }
        if (text.endsWith(".txt")) {
            return file(text);
        }
        List<String> prompts = Arrays.stream(text.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (prompts.isEmpty()) {
            throw new MagicException("No prompts were given; pass them comma-separated, e.g. --labels \"a cat\",\"a dog\".");
        }
        return prompts;
    }

    static List<String> file(String path) {
        try {
            return PromptSet.read(Path.of(path)).prompts();
        } catch (IOException | IllegalArgumentException e) {
            throw new MagicException(EngineCalls.oneLine(e.getMessage(), e), e);
        }
    }

    /** Positional prompts, else {@code --file}, else ImageNet. */
    static List<String> of(List<String> positionals, java.util.Optional<String> file) {
        if (!positionals.isEmpty() && file.isPresent()) {
            throw new MagicException("Give the prompts either as arguments or with --file, not both.");
        }
        if (file.isPresent()) {
            return file(file.get());
        }
        return positionals.isEmpty() ? PromptSet.imagenet().prompts() : positionals;
    }
}
