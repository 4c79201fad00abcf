package dev.scope.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the reference fixtures copied into the repo (see fixtures/README.md). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        String prop = System.getProperty("scope.fixtures");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "fixtures");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures folder not found at " + p.toAbsolutePath());
        }
        return p;
    }

    public static Path clip() {
        return root().resolve("tiny-clip");
    }

    public static Path saes() {
        return root().resolve("tiny-scope");
    }

    public static Path image(String name) {
        return root().resolve("images").resolve(name + ".png");
    }

    public static Path expected() {
        return root().resolve("expected.safetensors");
    }
}
