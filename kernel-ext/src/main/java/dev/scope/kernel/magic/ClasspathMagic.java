package dev.scope.kernel.magic;

import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionMagics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %classpath a.jar classes/ lib/*} adds local jars and class folders to the session. */
final class ClasspathMagic implements SessionMagics.Line {

    private final JavaSession session;

    ClasspathMagic(JavaSession session) {
        this.session = session;
    }

    @Override
    public String eval(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new MagicException("%classpath needs at least one jar or folder, e.g. %classpath lib/foo.jar.");
        }
        List<Path> entries = new ArrayList<>();
        for (String arg : args) {
            entries.addAll(resolve(arg));
        }
        session.addToClasspath(entries);
        return "Added to the classpath: " + String.join(", ", entries.stream().map(Path::toString).toList());
    }

    /** One jar or folder, or every jar in a folder for {@code dir/*}. */
    static List<Path> resolve(String arg) throws IOException {
        if (arg.endsWith("/*") || arg.equals("*")) {
            Path dir = Path.of(arg.length() == 1 ? "." : arg.substring(0, arg.length() - 2)).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new MagicException("%classpath: folder " + dir + " does not exist; check the path.");
            }
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.jar")) {
                listing.forEach(jars::add);
            }
            if (jars.isEmpty()) {
                throw new MagicException("%classpath: folder " + dir + " has no .jar files; point at a jar or a class folder.");
            }
            jars.sort(null);
            return jars;
        }
        Path path = Path.of(arg).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new MagicException("%classpath: " + path + " does not exist; check the path.");
        }
        if (Files.isRegularFile(path) && !path.toString().endsWith(".jar")) {
            throw new MagicException("%classpath: " + path + " is not a .jar file or a folder of classes.");
        }
        return List.of(path);
    }
}
