package dev.scope.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the kernelspec through {@code jupyter kernelspec install}, bundling the given jars under
 * the spec's lib/ folder, or removes it again. Run by {@code ./scope install} and {@code ./scope uninstall}.
 */
public final class Installer {

    private Installer() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(InstallCommand.parse(List.of(args))));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    static String run(InstallCommand command) throws IOException {
        return command.install() ? install(command) : uninstall(command);
    }

    /**
     * Writes a kernelspec named {@code name} into {@code kernelsDir} that runs the kernel from the
     * given classpath in place (nothing copied): for development and tests.
     */
    public static Path writeKernelSpec(Path kernelsDir, String name, String displayName, List<Path> classpath)
            throws IOException {
        Path dir = kernelsDir.resolve(name);
        KernelSpecWriter.deleteTree(dir);
        List<String> entries = classpath.stream().map(p -> p.toAbsolutePath().toString()).toList();
        KernelSpecWriter.write(dir, new KernelSpec(displayName, KernelSpec.currentJava(),
                KernelSpec.DEFAULT_KERNEL_JVM_OPTIONS, entries), List.of());
        return dir;
    }

    private static String install(InstallCommand command) throws IOException {
        List<Path> jars = jars(command.jars());
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("No jars to install; pass --jars with the kernel's jar and its lib/ folder.");
        }
        Path staging = Files.createTempDirectory("scope-install-");
        try {
            Path spec = staging.resolve(command.name());
            KernelSpecWriter.write(spec, new KernelSpec(command.displayName(), KernelSpec.currentJava(),
                    KernelSpec.DEFAULT_KERNEL_JVM_OPTIONS, List.of(KernelSpec.BUNDLED_CLASSPATH)), jars);
            List<String> cmd = new ArrayList<>(List.of("jupyter", "kernelspec", "install", spec.toString(),
                    "--name=" + command.name(), "--replace"));
            cmd.addAll(command.jupyterLocationArgs());
            String output = jupyter(cmd);
            return output.strip() + "\nInstalled the Java kernel '" + command.name() + "'; choose \""
                    + command.displayName() + "\" in Jupyter's launcher. Set SCOPE_HEAP (e.g. 12g) for its memory.";
        } finally {
            KernelSpecWriter.deleteTree(staging);
        }
    }

    private static String uninstall(InstallCommand command) throws IOException {
        if (command.prefix().isPresent()) {
            Path dir = command.prefix().get().resolve("share/jupyter/kernels").resolve(command.name());
            if (!Files.isRegularFile(dir.resolve("kernel.json"))) {
                throw new IllegalArgumentException("No kernel '" + command.name() + "' is installed under " + command.prefix().get() + ".");
            }
            KernelSpecWriter.deleteTree(dir);
            return "Removed " + dir;
        }
        return jupyter(List.of("jupyter", "kernelspec", "uninstall", "-y", command.name())).strip();
    }

    /** Every jar given, folders expanded to the jars in them. */
    static List<Path> jars(List<Path> given) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> listing = Files.newDirectoryStream(path, "*.jar")) {
                    listing.forEach(jars::add);
                }
            } else if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                jars.add(path);
            } else {
                throw new IllegalArgumentException("--jars " + path + " is neither a .jar file nor a folder; check the path.");
            }
        }
        jars.sort(null);
        return jars;
    }

    private static String jupyter(List<String> cmd) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Jupyter is not installed (no 'jupyter' command on the PATH); install it, "
                    + "e.g. apt-get install jupyter-client or pip install jupyter_client, and run this again.");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("'" + String.join(" ", cmd.subList(0, 3)) + "' failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", cmd.subList(0, 3)) + ".");
        }
        return output;
    }
}
