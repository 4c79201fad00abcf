package dev.scope.kernel.install;

import com.google.gson.Gson;
import dev.scope.kernel.JupyterRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallerTest {

    @Test
    void commandLineDefaultsToAUserInstallNamedScope() {
        InstallCommand command = InstallCommand.parse(List.of("install", "--jars", "a.jar", "--jars", "lib"));
        assertTrue(command.install());
        assertEquals("scope", command.name());
        assertEquals(List.of("--user"), command.jupyterLocationArgs());
        assertEquals(List.of(Path.of("a.jar"), Path.of("lib")), command.jars());
        InstallCommand prefixed = InstallCommand.parse(List.of("uninstall", "--prefix", "/opt/x", "--name", "java-scope"));
        assertFalse(prefixed.install());
        assertEquals(List.of("--prefix=/opt/x"), prefixed.jupyterLocationArgs());
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertEquals("Give only one of --user, --sys-prefix and --prefix DIR.", assertThrows(IllegalArgumentException.class,
                () -> InstallCommand.parse(List.of("install", "--user", "--sys-prefix"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InstallCommand.parse(List.of("install", "--name"))).getMessage().startsWith("Option --name needs a value"));
        assertEquals("Kernel name 'a b' may only use letters, digits, '.', '_' and '-'.", assertThrows(IllegalArgumentException.class,
                () -> InstallCommand.parse(List.of("install", "--name", "a b"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InstallCommand.parse(List.of("instal"))).getMessage().startsWith("Say install or uninstall first"));
    }

    @Test
    void kernelJsonRunsTheBundledJarsWithMessageInterrupts() {
        KernelSpec spec = new KernelSpec("Java (scope)", "/jdk/bin/java", KernelSpec.DEFAULT_KERNEL_JVM_OPTIONS,
                List.of(KernelSpec.BUNDLED_CLASSPATH));
        Map<?, ?> json = new Gson().fromJson(spec.toJson(), Map.class);
        List<?> argv = (List<?>) json.get("argv");
        assertEquals(List.of("/jdk/bin/java", "-Xmx1g", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp",
                "{resource_dir}/lib/*", "dev.scope.kernel.ScopeKernelMain", "{connection_file}"),
                argv.subList(4, argv.size()), "started through /bin/sh, which sets the native defaults");
        assertEquals("message", json.get("interrupt_mode"));
        assertEquals("java", json.get("language"));
    }

    @Test
    void specFolderHoldsKernelJsonLogosAndJars(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("one.jar"), "not really a jar");
        Path dir = tmp.resolve("kernels/scope");
        KernelSpecWriter.write(dir, new KernelSpec("J", "java", List.of(), List.of(KernelSpec.BUNDLED_CLASSPATH)), List.of(jar));
        BufferedImage logo = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("logo-64x64.png"))));
        assertEquals(64, logo.getWidth());
        assertEquals(64, logo.getHeight());
        assertEquals("not really a jar", Files.readString(dir.resolve("lib/one.jar")));
        try (var left = Files.list(tmp.resolve("kernels"))) {
            assertEquals(List.of(dir), left.toList(), "no staging folder is left behind");
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> KernelSpecWriter.write(dir,
                new KernelSpec("J", "java", List.of(), List.of()), List.of()));
    }

    @Test
    void installedKernelShowsUpInJupyterAndUninstalls(@TempDir Path tmp) throws Exception {
        JupyterRequirement.require();
        Path jar = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String output = Installer.run(InstallCommand.parse(List.of("install", "--prefix", tmp.toString(),
                "--name", "scope-it", "--jars", jar.toString())));
        assertTrue(output.contains("Installed the Java kernel 'scope-it'"), output);
        Path spec = tmp.resolve("share/jupyter/kernels/scope-it");
        assertTrue(Files.isRegularFile(spec.resolve("lib").resolve(jar.getFileName())));
        Map<?, ?> listed = kernelspecs(tmp.resolve("share/jupyter"));
        Map<?, ?> ours = (Map<?, ?>) listed.get("scope-it");
        assertEquals(spec.toRealPath().toString(), Path.of((String) ours.get("resource_dir")).toRealPath().toString());
        Installer.run(InstallCommand.parse(List.of("uninstall", "--prefix", tmp.toString(), "--name", "scope-it")));
        assertFalse(Files.exists(spec));
    }

    private static Map<?, ?> kernelspecs(Path jupyterPath) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("jupyter", "kernelspec", "list", "--json");
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return (Map<?, ?>) new Gson().fromJson(json, Map.class).get("kernelspecs");
    }
}
