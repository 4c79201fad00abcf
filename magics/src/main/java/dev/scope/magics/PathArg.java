package dev.scope.magics;

import dev.scope.kernel.ext.MagicContext;

import java.nio.file.Path;
import java.util.Optional;

/** A file argument: a path as written, or the name of a Java variable holding a {@code Path} or a {@code String}. */
final class PathArg {

    private PathArg() {
    }

    static Path of(String text, MagicContext context) {
        if (text.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            Optional<Object> value = context.variable(text);
            if (value.isPresent() && value.get() instanceof Path path) {
                return path;
            }
            if (value.isPresent() && value.get() instanceof String string) {
                return Path.of(string);
            }
        }
        return Path.of(text);
    }
}
