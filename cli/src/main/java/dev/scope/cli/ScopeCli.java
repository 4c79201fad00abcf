package dev.scope.cli;

import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The scripting entry point behind {@code ./scope forward}, {@code text}, {@code compare}, {@code bench} and {@code weights}. */
public final class ScopeCli {
    private ScopeCli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command; returns the exit status. Bad input is one line on {@code err}, never a stack trace. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.println("scope: name a command: forward, text, compare, bench or weights.");
            return 2;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            return switch (argv[0]) {
                case "forward" -> ForwardCommand.run(rest, out);
                case "text" -> TextCommand.run(rest, out);
                case "compare" -> CompareCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out, err);
                case "weights" -> WeightsCommand.run(rest, out);
                default -> {
                    err.println("scope: unknown command \"" + argv[0] + "\"; the commands are forward, text, compare, bench and weights.");
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            err.println("scope " + argv[0] + ": " + oneLine(e.getMessage()));
            return 2;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("scope " + argv[0] + ": " + oneLine(e.getMessage()));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("scope " + argv[0] + ": " + oneLine(e.getCause().getMessage()));
            return 1;
        } catch (Limit.Exceeded e) { // readers name their file; this is the net under one that did not
            err.println("scope " + argv[0] + ": an input " + oneLine(e.getMessage()) + ".");
            return 1;
        } catch (StackOverflowError e) { // the nesting limits should prevent it; never a trace for the user
            err.println("scope " + argv[0] + ": an input nests too deeply to be read (the stack overflowed);"
                    + " check the files given, or lower SCOPE_LIMIT_NESTING_DEPTH.");
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("scope " + argv[0] + ": out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB heap); give the JVM more with SCOPE_JAVA_OPTS=-Xmx4g, or pass fewer or smaller inputs.");
            return 1;
        }
    }

    /** Messages can quote the operating system or a file; the user sees one line. */
    static String oneLine(String message) {
        return message == null ? "failed without a message (a bug; please report it)."
                : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
