package dev.scope.kernel;

import dev.scope.kernel.session.SessionOptions;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code java -cp lib/* dev.scope.kernel.ScopeKernelMain <connection-file>}, as kernel.json runs it. */
public final class ScopeKernelMain {

    private ScopeKernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: ScopeKernelMain <connection-file>; Jupyter passes it as {connection_file}.");
            System.exit(2);
        }
        String json;
        try {
            json = Files.readString(Path.of(args[0]));
        } catch (NoSuchFileException e) {
            System.err.println("Connection file " + args[0] + " does not exist; start the kernel from Jupyter.");
            System.exit(2);
            return;
        }
        JupyterConnection connection = new JupyterConnection(KernelConnectionProperties.parse(json));
        ScopeKernel kernel = ScopeKernel.start(SessionOptions::fromEnvironment);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> kernel.onShutdown(false), "scope-shutdown"));
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.onStartup();
        connection.waitUntilClose();
        System.exit(0);
    }
}
