package dev.scope.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.scope.engine.EngineThreads;
import dev.scope.bench.BenchPlan;
import dev.scope.bench.BenchReport;
import dev.scope.bench.EngineBench;
import dev.scope.bench.IndexBench;
import dev.scope.bench.Machine;
import dev.scope.bench.MemoryBench;
import dev.scope.bench.MemoryResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./scope bench}: times the engine on full-size random weights against clipscope's way of doing
 * each stage, then measures peak memory per configuration in JVMs of their own. No download.
 */
final class BenchCommand {
    static final String USAGE = """
            usage: ./scope bench [--quick] [--json out.json] [--threads N] [--only timing|memory|index]
              --quick    small shapes and few repeats: checks that the benchmark runs, says nothing about ViT-L
              --json     also write the report as JSON (atomically)
              --threads  libtorch intra-op threads (default: one per CPU this process may use, shown in the report)
              --only     run only the timings, only the memory probes, or only the index row (index vs forward rate)""";

    private static final Set<String> OPTIONS = Set.of("json", "threads", "only");
    private static final Set<String> FLAGS = Set.of("quick", "help");

    private BenchCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        String only = a.get("only", "");
        if (!only.isEmpty() && !only.equals("timing") && !only.equals("memory") && !only.equals("index")) {
            throw new Args.UsageException("--only takes timing, memory or index, not \"" + only + "\".");
        }
        Path json = a.get("json") == null ? null : Path.of(a.get("json"));
        if (a.get("threads") != null) {
            Engine.getInstance();
            JniUtils.setNumThreads(threads(a.get("threads")));
        } else {
            EngineThreads.fitToCpuQuota();
        }
        BenchPlan plan = a.flag("quick") ? BenchPlan.quickCheck() : BenchPlan.fullSize();
        Machine machine = Machine.describe();
        err.println("scope bench: " + plan.label());
        err.println("scope bench: " + machine.summary());

        if (only.equals("index")) {
            out.println(new IndexBench(plan, line -> err.println("scope bench: " + line)).run().line());
            return 0;
        }
        EngineBench.Result timing = only.equals("memory") ? null
                : new EngineBench(plan, line -> err.println("scope bench: " + line)).run();
        List<MemoryResult> memory = only.equals("timing") ? List.of()
                : new MemoryBench(plan, machine.intraOpThreads(), line -> err.println("scope bench: " + line)).run();
        BenchReport report = new BenchReport(machine, plan, timing, memory, Machine.currentLoadAverage());
        out.print(report.table());
        if (only.isEmpty()) {
            out.println(new IndexBench(plan, line -> err.println("scope bench: " + line)).run().line());
        }
        if (json != null) {
            report.writeJson(json);
            out.println("Wrote " + json + ".");
        }
        return 0;
    }

    private static int threads(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Args.UsageException("--threads needs a positive whole number such as 2, not \"" + text + "\".");
    }
}
