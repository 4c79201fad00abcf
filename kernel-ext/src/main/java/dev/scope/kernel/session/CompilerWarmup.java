package dev.scope.kernel.session;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles a throwaway class in the background while the agent JVM launches, so that javac's
 * classes are loaded and warm by the time JShell compiles the first snippet.
 */
final class CompilerWarmup {

    private static final String SOURCE = "import java.util.*; class Warmup { int f() { return List.of(1).size(); } }";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CompilerWarmup() {
    }

    static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(CompilerWarmup::compileOnce, "scope-javac-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void compileOnce() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return;
        }
        StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
        var discarding = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return OutputStream.nullOutputStream();
                    }
                };
            }
        };
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Warmup.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return SOURCE;
            }
        };
        javac.getTask(null, discarding, null, List.of("-proc:none"), null, List.of(source)).call();
    }
}
