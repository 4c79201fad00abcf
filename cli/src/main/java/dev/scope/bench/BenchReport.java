package dev.scope.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonElement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Everything one {@code ./scope bench} run measured, as a table for people and as JSON. {@code timing}
 * is null when only memory was measured; {@code memory} is empty when only timings were.
 */
public record BenchReport(Machine machine, BenchPlan plan, EngineBench.Result timing, List<MemoryResult> memory,
                          String loadAverageAtEnd) {

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append("scope bench: ").append(plan.label()).append('\n');
        b.append("machine: ").append(machine.summary()).append('\n');
        b.append("load average at the end: ").append(loadAverageAtEnd).append('\n');
        b.append(flopLine()).append('\n');
        if (timing != null) {
            b.append("Median wall time of the timed repeats after warm-up runs (ms); ratio = baseline ms / ours"
                    + " (above 1: ours is faster). Ours and the baseline run turn about.\n\n");
            b.append(String.format(Locale.ROOT, "%-62s %9s %8s %8s %4s %7s  %-72s %9s %8s %7s %7s %8s%n", "stage",
                    "ours ms", "cpu ms", "GFLOP/s", "runs", "faults", "baseline", "base ms", "cpu ms", "faults", "ratio",
                    "RSS MiB"));
            for (BenchRow r : timing.rows()) {
                b.append(String.format(Locale.ROOT, "%-62s %9.1f %8.1f %8s %4d %7.0f  %-72s %9s %8s %7s %7s %8.0f%n",
                        r.name(), r.ours().medianMs(), r.ours().cpuMs(),
                        Double.isNaN(r.gflop()) ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
                        r.ours().repeats(), r.ours().faultsPerRun(), r.hasBaseline() ? r.baselineName() : "-",
                        r.hasBaseline() ? String.format(Locale.ROOT, "%.1f", r.baseline().medianMs()) : "-",
                        r.hasBaseline() ? String.format(Locale.ROOT, "%.1f", r.baseline().cpuMs()) : "-",
                        r.hasBaseline() ? String.format(Locale.ROOT, "%.0f", r.baseline().faultsPerRun()) : "-",
                        r.hasBaseline() ? String.format(Locale.ROOT, "%.2f×", r.ratio()) : "-",
                        ProcStatus.mib(r.rssAfterBytes())));
            }
            b.append("(cpu ms: median CPU time of a run, all threads; faults: minor page faults per run, i.e. fresh"
                    + " memory pages touched; RSS: after the stage)\n");
            b.append('\n');
            for (EngineBench.RooflineShare s : timing.roofline()) {
                b.append(String.format(Locale.ROOT, "%s runs at %.0f%% of the GFLOP/s of %s%n", s.stage(),
                        100 * s.share(), s.reference()));
            }
            b.append("\none block op by op, batch 1 (median ms per block; the same DJL calls as ClipVision's block):\n");
            double total = timing.profile().stream().mapToDouble(BlockProfile.Op::medianMs).sum();
            for (BlockProfile.Op op : timing.profile()) {
                b.append(String.format(Locale.ROOT, "  %-42s %8.2f ms %5.1f%% %9s GFLOP/s%n", op.name(), op.medianMs(),
                        100 * op.medianMs() / total,
                        Double.isNaN(op.gflop()) ? "-" : String.format(Locale.ROOT, "%.1f", op.gflops())));
            }
            b.append(String.format(Locale.ROOT, "  %-42s %8.2f ms%n", "sum", total));
            b.append("\none SAE on one image's tokens step by step (median ms per pass; the same calls as TopKSae):\n");
            double saeTotal = timing.saeProfile().stream().filter(op -> !op.name().startsWith("("))
                    .mapToDouble(BlockProfile.Op::medianMs).sum();
            for (BlockProfile.Op op : timing.saeProfile()) {
                b.append(String.format(Locale.ROOT, "  %-50s %8.2f ms %6s %9s GFLOP/s%n", op.name(), op.medianMs(),
                        op.name().startsWith("(") ? "" : String.format(Locale.ROOT, "%5.1f%%", 100 * op.medianMs() / saeTotal),
                        Double.isNaN(op.gflop()) ? "-" : String.format(Locale.ROOT, "%.1f", op.gflops())));
            }
            b.append(String.format(Locale.ROOT, "  %-50s %8.2f ms%n", "sum (without the comparisons)", saeTotal));
            for (String check : timing.checks()) {
                b.append(check).append('\n');
            }
            b.append("\nresident set of this process after each stage (MiB):\n");
            for (StageMemory s : timing.stages()) {
                b.append(String.format(Locale.ROOT, "  %-70s RSS %6.0f = anon %6.0f + file %5.0f%n", s.stage(),
                        ProcStatus.mib(s.rss()), ProcStatus.mib(s.anon()), ProcStatus.mib(s.file())));
            }
            b.append(String.format(Locale.ROOT, "peak RSS of this process (VmHWM): %.0f MiB%n",
                    ProcStatus.mib(timing.peakRss())));
        }
        if (!memory.isEmpty()) {
            b.append("\nmemory, one JVM per configuration (").append(MemoryBench.HEAP)
                    .append("; one pass = 1 image to the layer, the SAE on its tokens); MiB, RSS = anon + file-backed:\n");
            b.append(String.format(Locale.ROOT, "%-70s %8s %9s  %-20s %-20s %-20s%n", "configuration", "VmHWM",
                    "peak anon", "loaded", "after one pass", "after System.gc()"));
            for (MemoryResult m : memory) {
                if (!m.ok()) {
                    b.append(String.format(Locale.ROOT, "%-70s FAILED: %s%n", m.config().describe(), m.error()));
                    continue;
                }
                List<StageMemory> st = m.stages();
                b.append(String.format(Locale.ROOT, "%-70s %8.0f %9.0f  %-20s %-20s %-20s%n", m.config().describe(),
                        ProcStatus.mib(m.peakRss()), ProcStatus.mib(m.peakAnon()), split(st.get(st.size() - 3)),
                        split(st.get(st.size() - 2)), split(st.get(st.size() - 1))));
            }
        }
        return b.toString();
    }

    private static String split(StageMemory s) {
        return String.format(Locale.ROOT, "%.0f = %.0f + %.0f", ProcStatus.mib(s.rss()), ProcStatus.mib(s.anon()),
                ProcStatus.mib(s.file()));
    }

    private String flopLine() {
        var v = plan.vision();
        return String.format(Locale.ROOT, "FLOPs counted from the config (multiply-add = 2): patch embed %.3f GFLOP + "
                        + "%.3f GFLOP per block [2·T·(4D² + 2·D·M) + 2·2·T²·D, T %d, D %d, M %d]; to block %d: %.1f GFLOP "
                        + "per image; all %d blocks: %.1f GFLOP",
                FlopCount.patchEmbed(v) / 1e9, FlopCount.block(v) / 1e9, v.tokens(), v.hiddenSize(),
                v.intermediateSize(), plan.layer(), FlopCount.tower(v, plan.blocksToLayer()) / 1e9,
                v.numHiddenLayers(), FlopCount.tower(v, v.numHiddenLayers()) / 1e9);
    }

    public String json() {
        JsonObject root = new JsonObject();
        root.addProperty("plan", plan.label());
        root.addProperty("quick", plan.quick());
        JsonObject m = new JsonObject();
        m.addProperty("cpu", machine.cpuModel());
        m.addProperty("cores", machine.cores());
        m.add("memTotalMiB", num(ProcStatus.mib(machine.memTotalBytes())));
        m.addProperty("os", machine.os());
        m.addProperty("jdk", machine.jdk());
        m.addProperty("engine", machine.engine());
        m.addProperty("glibcTunables", machine.glibcTunables());
        m.addProperty("ompWaitPolicy", machine.ompWaitPolicy());
        m.addProperty("loadAverageAtStart", machine.loadAverage());
        m.addProperty("loadAverageAtEnd", loadAverageAtEnd);
        root.add("machine", m);
        JsonObject threads = new JsonObject();
        threads.addProperty("intraOp", machine.intraOpThreads());
        threads.addProperty("interOp", machine.interOpThreads());
        root.add("threads", threads);
        var v = plan.vision();
        JsonObject flops = new JsonObject();
        flops.add("patchEmbedGflop", num(FlopCount.patchEmbed(v) / 1e9));
        flops.add("blockGflop", num(FlopCount.block(v) / 1e9));
        flops.add("towerToLayerGflop", num(FlopCount.tower(v, plan.blocksToLayer()) / 1e9));
        flops.add("towerAllBlocksGflop", num(FlopCount.tower(v, v.numHiddenLayers()) / 1e9));
        flops.addProperty("layer", plan.layer());
        flops.addProperty("blocks", v.numHiddenLayers());
        root.add("flops", flops);
        if (timing != null) {
            JsonArray rows = new JsonArray();
            for (BenchRow r : timing.rows()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", r.name());
                o.add("ms", num(r.ours().medianMs()));
                o.add("minMs", num(r.ours().minMs()));
                o.add("maxMs", num(r.ours().maxMs()));
                o.addProperty("repeats", r.ours().repeats());
                o.addProperty("warmups", r.ours().warmups());
                o.add("faultsPerRun", num(r.ours().faultsPerRun()));
                o.add("cpuMs", num(r.ours().cpuMs()));
                o.add("gflop", num(r.gflop()));
                o.add("gflops", num(r.gflops()));
                o.add("baseline", r.hasBaseline() ? new JsonPrimitive(r.baselineName()) : JsonNull.INSTANCE);
                o.add("baselineMs", r.hasBaseline() ? num(r.baseline().medianMs()) : JsonNull.INSTANCE);
                o.add("baselineFaultsPerRun", r.hasBaseline() ? num(r.baseline().faultsPerRun()) : JsonNull.INSTANCE);
                o.add("baselineCpuMs", r.hasBaseline() ? num(r.baseline().cpuMs()) : JsonNull.INSTANCE);
                o.add("ratio", num(r.ratio()));
                o.add("rssAfterMiB", num(ProcStatus.mib(r.rssAfterBytes())));
                rows.add(o);
            }
            root.add("rows", rows);
            JsonArray roofline = new JsonArray();
            for (EngineBench.RooflineShare s : timing.roofline()) {
                JsonObject o = new JsonObject();
                o.addProperty("stage", s.stage());
                o.add("shareOfGemm", num(s.share()));
                o.addProperty("reference", s.reference());
                roofline.add(o);
            }
            root.add("roofline", roofline);
            JsonArray profile = new JsonArray();
            for (BlockProfile.Op op : timing.profile()) {
                JsonObject o = new JsonObject();
                o.addProperty("op", op.name());
                o.add("ms", num(op.medianMs()));
                o.add("gflops", num(op.gflops()));
                profile.add(o);
            }
            root.add("blockProfile", profile);
            JsonArray saeProfile = new JsonArray();
            for (BlockProfile.Op op : timing.saeProfile()) {
                JsonObject o = new JsonObject();
                o.addProperty("op", op.name());
                o.add("ms", num(op.medianMs()));
                o.add("gflops", num(op.gflops()));
                saeProfile.add(o);
            }
            root.add("saeProfile", saeProfile);
            JsonArray checks = new JsonArray();
            timing.checks().forEach(checks::add);
            root.add("checks", checks);
            root.add("stages", stages(timing.stages()));
            root.add("peakRssMiB", num(ProcStatus.mib(timing.peakRss())));
        }
        JsonArray mem = new JsonArray();
        for (MemoryResult r : memory) {
            JsonObject o = new JsonObject();
            o.addProperty("config", r.config().describe());
            o.addProperty("source", r.config().source().name().toLowerCase(Locale.ROOT));
            o.addProperty("storage", r.config().storage().name().toLowerCase(Locale.ROOT));
            o.addProperty("clipBlocks", r.config().clipBlocks());
            o.addProperty("sae", r.config().sae());
            o.addProperty("variant", r.config().variant().name().toLowerCase(Locale.ROOT));
            o.addProperty("heap", r.heapLimit());
            if (r.ok()) {
                o.add("peakRssMiB", num(ProcStatus.mib(r.peakRss())));
                o.add("peakAnonMiB", num(ProcStatus.mib(r.peakAnon())));
                o.add("stages", stages(r.stages()));
            } else {
                o.addProperty("error", r.error());
            }
            mem.add(o);
        }
        root.add("memory", mem);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }

    private static JsonArray stages(List<StageMemory> stages) {
        JsonArray a = new JsonArray();
        for (StageMemory s : stages) {
            JsonObject o = new JsonObject();
            o.addProperty("stage", s.stage());
            o.add("rssMiB", num(ProcStatus.mib(s.rss())));
            o.add("anonMiB", num(ProcStatus.mib(s.anon())));
            o.add("fileMiB", num(ProcStatus.mib(s.file())));
            a.add(o);
        }
        return a;
    }

    private static JsonElement num(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? JsonNull.INSTANCE
                : new JsonPrimitive(Math.round(x * 1000) / 1000.0);
    }

    /** Writes the JSON beside {@code target} and renames it into place, so a reader never sees half a file. */
    public void writeJson(Path target) throws IOException {
        AtomicFile.write(target, json() + "\n");
    }
}
