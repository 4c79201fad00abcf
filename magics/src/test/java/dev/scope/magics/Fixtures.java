package dev.scope.magics;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's fixtures: tiny CLIP, tiny SAEs at layers 2 and 5, five images, the reference numbers. */
final class Fixtures {

    private Fixtures() {
    }

    static Path root() {
        String configured = System.getProperty("scope.fixtures");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("No fixtures at " + root.toAbsolutePath() + "; run the tests through Maven.");
        }
        return root.toAbsolutePath().normalize();
    }

    static Path clip() {
        return root().resolve("tiny-clip");
    }

    static Path saes() {
        return root().resolve("tiny-scope");
    }

    static Path images() {
        return root().resolve("images");
    }

    static Path image(String name) {
        return images().resolve(name + ".png");
    }

    static Path expectedJson() {
        return root().resolve("expected.json");
    }

    static Path expectedSafetensors() {
        return root().resolve("expected.safetensors");
    }
}
