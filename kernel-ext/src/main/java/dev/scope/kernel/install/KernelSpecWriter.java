package dev.scope.kernel.install;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a kernelspec folder: kernel.json, the logos, and optionally the jars under lib/. */
final class KernelSpecWriter {

    private KernelSpecWriter() {
    }

    /** Writes into {@code dir}, which must not exist yet; on failure nothing is left behind. */
    static void write(Path dir, KernelSpec spec, List<Path> jarsToBundle) throws IOException {
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a kernelspec is already there; remove it first");
        }
        Path staging = Files.createTempDirectory(dir.toAbsolutePath().getParent() == null
                ? Path.of(".") : Files.createDirectories(dir.toAbsolutePath().getParent()), ".scope-kernelspec-");
        try {
            Files.writeString(staging.resolve("kernel.json"), spec.toJson());
            Files.write(staging.resolve("logo-64x64.png"), Logo.png(64));
            Files.write(staging.resolve("logo-32x32.png"), Logo.png(32));
            if (!jarsToBundle.isEmpty()) {
                Path lib = Files.createDirectory(staging.resolve("lib"));
                for (Path jar : jarsToBundle) {
                    Files.copy(jar, lib.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
