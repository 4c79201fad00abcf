package dev.scope.kernel.magic;

import dev.scope.kernel.session.CellError;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathMagicTest {

    @Test
    void addsAJarWhoseClassesAndExtensionsCellsCanUse(@TempDir Path tmp) throws Exception {
        Path jar = buildJar(tmp);
        try (KernelTestKit kit = KernelTestKit.start()) {
            assertEquals("CompileError", kit.execError("new demo.Greeter().hello()").name());
            String added = kit.execText("%classpath " + jar);
            assertEquals("Added to the classpath: " + jar, added);
            assertEquals("hello from a jar", kit.execText("new demo.Greeter().hello()"));
            assertTrue(kit.execText("%lsmagic").contains("%greet"), "the jar's extension registered its magic");
            assertEquals("hi Ada", kit.execText("%greet Ada"));

            CellError missing = kit.execError("%classpath " + tmp.resolve("nope.jar"));
            assertEquals(CellError.oneLine("MagicError", "%classpath: " + tmp.resolve("nope.jar")
                    + " does not exist; check the path."), missing);
            assertEquals("MagicError", kit.execError("%classpath").name());
        }
    }

    private static Path buildJar(Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/demo"));
        Files.writeString(src.resolve("Greeter.java"),
                "package demo; public class Greeter { public String hello() { return \"hello from a jar\"; } }");
        Files.writeString(src.resolve("GreetExtension.java"), """
                package demo;
                import dev.scope.kernel.ext.*;
                public class GreetExtension implements KernelExtension {
                    public void register(ExtensionContext context) {
                        context.lineMagic("greet", "%greet NAME says hi", (args, ctx) -> "hi " + String.join(" ", args));
                    }
                }""");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Greeter.java").toString(), src.resolve("GreetExtension.java").toString());
        assertEquals(0, rc);
        Path jar = tmp.resolve("greeter.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[]{"demo/Greeter.class", "demo/GreetExtension.class"}) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(classes.resolve(name), (OutputStream) out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.scope.kernel.ext.KernelExtension"));
            out.write("demo.GreetExtension\n".getBytes());
            out.closeEntry();
        }
        return jar;
    }
}
