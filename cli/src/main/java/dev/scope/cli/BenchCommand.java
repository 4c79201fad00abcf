package dev.scope.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.scope.engine.DeviceChoice;
import dev.scope.engine.EngineThreads;
import dev.scope.engine.WeightType;
import dev.scope.bench.AtomicFile;
import dev.scope.bench.BenchPlan;
import dev.scope.bench.BenchReport;
import dev.scope.bench.DeviceBench;
import dev.scope.bench.DeviceReport;
import dev.scope.bench.EngineBench;
import dev.scope.bench.Machine;
import dev.scope.bench.MemoryBench;
import dev.scope.bench.MemoryResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./scope bench}: times the engine on full-size random weights against clipscope's way of doing
 * each stage, then measures peak memory per configuration in JVMs of their own. No download.
 */
final class BenchCommand {
    static final String USAGE = """
            usage: ./scope bench [--quick] [--json out.json] [--threads N] [--only timing|memory]
                   ./scope bench --device cpu|gpu [--batches 1,8,64] [--dtypes float32,float16]
                                 [--peer peer-f32.json,peer-f16.json] [--json out.json] [--markdown out.md] [--quick]
              --quick    small shapes and few repeats: checks that the benchmark runs, says nothing about ViT-L
              --json     also write the report as JSON (atomically)
              --threads  libtorch intra-op threads (default: one per CPU this process may use, shown in the report)
              --only     run only the timings, or only the memory probes
              --device   the tower and one SAE on that device at each batch and dtype, in the GPU peer's shapes and
                         repeats, beside the peer's timings (gpu/peer.py --json) when given; see README, 'GPU notes'""";

    private static final Set<String> OPTIONS = Set.of("json", "threads", "only", "device", "batches", "dtypes", "peer",
            "markdown");
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
        if (!only.isEmpty() && !only.equals("timing") && !only.equals("memory")) {
            throw new Args.UsageException("--only takes timing or memory, not \"" + only + "\".");
        }
        Path json = a.get("json") == null ? null : Path.of(a.get("json"));
        if (a.get("device") != null) {
            return onDevice(a, json, out, err);
        }
        for (String deviceOnly : List.of("batches", "dtypes", "peer", "markdown")) {
            if (a.get(deviceOnly) != null) {
                throw new Args.UsageException("--" + deviceOnly + " belongs to ./scope bench --device cpu|gpu.");
            }
        }
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

        EngineBench.Result timing = only.equals("memory") ? null
                : new EngineBench(plan, line -> err.println("scope bench: " + line)).run();
        List<MemoryResult> memory = only.equals("timing") ? List.of()
                : new MemoryBench(plan, machine.intraOpThreads(), line -> err.println("scope bench: " + line)).run();
        BenchReport report = new BenchReport(machine, plan, timing, memory, Machine.currentLoadAverage());
        out.print(report.table());
        if (json != null) {
            report.writeJson(json);
            out.println("Wrote " + json + ".");
        }
        return 0;
    }

    /** {@code --device}: rows in the GPU peer's shapes, beside its timings. */
    private static int onDevice(Args a, Path json, PrintStream out, PrintStream err) throws IOException {
        for (String cpuOnly : List.of("only", "threads")) {
            if (a.get(cpuOnly) != null) {
                throw new Args.UsageException("--" + cpuOnly + " belongs to the CPU benchmark; drop it or drop --device.");
            }
        }
        Device device = DeviceChoice.parse(a.get("device")).resolve();
        List<DataType> dtypes = new ArrayList<>();
        for (String d : a.get("dtypes", "float32,float16").split(",")) {
            dtypes.add(WeightType.parse(d).djl());
        }
        List<Integer> batches = a.positives("batches", List.of(1, 8, 64));
        List<Path> peerFiles = new ArrayList<>();
        if (a.get("peer") != null) {
            for (String p : a.get("peer").split(",")) {
                peerFiles.add(Path.of(p.strip()));
            }
        }
        Map<String, DeviceReport.Peer> peers = DeviceReport.readPeers(peerFiles);
        EngineThreads.fitToCpuQuota();
        BenchPlan plan = a.flag("quick") ? BenchPlan.quickCheck() : BenchPlan.fullSize();
        Engine engine = Engine.getInstance();
        err.println("scope bench: " + plan.label() + "; on " + device);
        List<DeviceBench.Row> rows = new DeviceBench(plan, device, line -> err.println("scope bench: " + line))
                .run(dtypes, batches);
        DeviceReport report = new DeviceReport(device.toString(), engine.getEngineName() + " " + engine.getVersion()
                + ", " + System.getProperty("java.runtime.version"), plan.label(), plan.layer(), rows, peers);
        String markdown = report.markdown();
        out.print(markdown);
        if (json != null) {
            AtomicFile.write(json, report.json() + "\n");
            out.println("Wrote " + json + ".");
        }
        if (a.get("markdown") != null) {
            Path md = Path.of(a.get("markdown"));
            AtomicFile.write(md, markdown);
            out.println("Wrote " + md + ".");
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
