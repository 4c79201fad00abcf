package dev.scope.engine.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code ./scope bench}: timings on full-size random weights. */
final class BenchCommand {
    private BenchCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        throw new IllegalStateException("./scope bench is not built yet.");
    }
}
