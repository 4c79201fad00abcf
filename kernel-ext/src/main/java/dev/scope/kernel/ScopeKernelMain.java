package dev.scope.kernel;

import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.wire.ConnectionInfo;

import java.io.IOException;
import java.nio.file.Files;
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
        ConnectionInfo info;
        try {
            info = ConnectionInfo.parse(Files.readString(Path.of(args[0])), args[0]);
        } catch (IOException e) {
            System.err.println("Connection file " + args[0] + " cannot be read (" + e.getMessage() + "); start the kernel from Jupyter.");
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ScopeKernel kernel = ScopeKernel.start(info, SessionOptions::fromEnvironment, History.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(kernel::closeSession, "scope-shutdown"));
        exitWithParent(System.getenv("JPY_PARENT_PID"));
        kernel.awaitShutdown();
        System.exit(0);
    }

    /**
     * Jupyter names the process that started the kernel in JPY_PARENT_PID; when it dies without shutting the kernel
     * down (a crashed script, a killed server), the kernel and its agent go too instead of lingering.
     */
    private static void exitWithParent(String parentPid) {
        if (parentPid == null || !parentPid.strip().matches("\\d{1,10}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parentPid.strip())).ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("scope kernel: the process that started this kernel (" + parentPid + ") ended; exiting.");
            System.exit(0);
        }));
    }
}
