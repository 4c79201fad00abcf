package dev.scope.notebooks;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in. */
final class Project {
    private Project() {
    }

    static Path root() {
        String prop = System.getProperty("scope.root");
        Path root = (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("scope")) || !Files.isDirectory(root.resolve("notebooks"))) {
            throw new IllegalStateException("The repository root was not found at " + root + "; run the tests with Maven from it.");
        }
        return root;
    }
}
