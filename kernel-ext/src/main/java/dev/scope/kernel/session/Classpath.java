package dev.scope.kernel.session;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The classpath the agent JVM and the JShell compiler get: this JVM's own. */
public final class Classpath {

    private Classpath() {
    }

    /**
     * This JVM's classpath entries. A lone jar whose manifest lists the real classpath (as test
     * runners use) is expanded, since javac and a child JVM should see the entries themselves.
     */
    public static List<Path> current() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        if (entries.size() == 1 && entries.get(0).toString().endsWith(".jar")) {
            List<Path> listed = manifestClassPath(entries.get(0));
            if (!listed.isEmpty()) {
                return listed;
            }
        }
        return entries;
    }

    public static String join(List<Path> entries) {
        List<String> parts = new ArrayList<>();
        entries.forEach(p -> parts.add(p.toString()));
        return String.join(File.pathSeparator, parts);
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (listed == null) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (String url : listed.trim().split("\\s+")) {
                URI uri = jar.toUri().resolve(url);
                out.add(Path.of(uri));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
