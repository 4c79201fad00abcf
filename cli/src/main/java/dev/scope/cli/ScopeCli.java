package dev.scope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The scripting entry point behind {@code ./scope forward}, {@code index}, {@code bench} and {@code weights}. */
public final class ScopeCli {
    private ScopeCli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command; returns the exit status. Bad input is one line on {@code err}, never a stack trace. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.println("scope: name a command: forward, index, bench or weights.");
            return 2;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            return switch (argv[0]) {
                case "forward" -> ForwardCommand.run(rest, out);
                case "index" -> IndexCommand.run(rest, out, err);
                case "bench" -> BenchCommand.run(rest, out, err);
                case "weights" -> WeightsCommand.run(rest, out);
                default -> {
                    err.println("scope: unknown command \"" + argv[0] + "\"; the commands are forward, index, bench and weights.");
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            err.println("scope " + argv[0] + ": " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("scope " + argv[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
