package dev.scope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.bench.BenchPlan;
import dev.scope.bench.FlopCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.scope.cli.ScopeCliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code ./scope bench --quick}: the report's structure and that every number in it was measured; no timing is judged. */
class BenchCommandTest {

    @Test
    void quickBenchReportsEveryStageBesideItsBaselineAndTheMemoryOfEachConfiguration(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bench.json");
        ScopeCliTest.Run r = run("bench", "--quick", "--threads", "1", "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("QUICK (small shapes, not ViT-L)"), r.out());
        assertTrue(r.out().contains("Wrote " + json), r.out());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(json), left.toList(), "no temporary file is left beside the JSON");
        }

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertTrue(root.get("quick").getAsBoolean());
        JsonObject machine = root.getAsJsonObject("machine");
        assertFalse(machine.get("cpu").getAsString().isBlank());
        assertTrue(machine.get("cores").getAsInt() >= 1);
        assertTrue(machine.get("jdk").getAsString().contains(System.getProperty("java.runtime.version")));
        assertEquals(1, root.getAsJsonObject("threads").get("intraOp").getAsInt());

        BenchPlan plan = BenchPlan.quickCheck();
        assertEquals(FlopCount.block(plan.vision()) / 1e9, root.getAsJsonObject("flops").get("blockGflop").getAsDouble(), 1e-3);

        List<String> names = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("rows")) {
            JsonObject row = e.getAsJsonObject();
            String name = row.get("name").getAsString();
            names.add(name);
            assertPositive(row.get("ms").getAsDouble(), name);
            assertTrue(row.get("minMs").getAsDouble() <= row.get("ms").getAsDouble(), name);
            assertTrue(row.get("repeats").getAsInt() >= 1, name);
            assertPositive(row.get("gflops").getAsDouble(), name);
            assertPositive(row.get("rssAfterMiB").getAsDouble(), name);
            assertTrue(row.get("faultsPerRun").getAsDouble() >= 0, name);
            assertPositive(row.get("cpuMs").getAsDouble(), name);
            if (!name.startsWith("GEMM")) {
                assertFalse(row.get("baseline").isJsonNull(), name + " ran beside a baseline");
                assertPositive(row.get("baselineMs").getAsDouble(), name);
                double ratio = row.get("ratio").getAsDouble();
                assertEquals(row.get("baselineMs").getAsDouble() / row.get("ms").getAsDouble(), ratio, 0.01 * ratio, name);
            }
        }
        assertEquals(List.of(
                "tower to block 2 (3 blocks), batch 1",
                "tower to block 2, batch 2, per image",
                "GEMM 257×128×512, DJL matMul (roofline)",
                "GEMM 257×128×512, DJL Linear x·Wᵀ (roofline)",
                "GEMM 257×128×384, oneDNN 1×1 convolution x·Wᵀ",
                "SAE forwardVerbose, 257 tokens",
                "SAE forwardVerbose, 2 × 257 tokens, per image",
                "SAE forwardVerbose, CLS token alone",
                "SAE decode, 257 tokens: gather k rows of dec",
                "one image: tower to block 2 + 2 SAEs, 257 tokens each",
                "one image: tower to block 2 + 2 SAEs, CLS token each",
                "tower to block 2, batch 1, float16 storage",
                "SAE forwardVerbose, 257 tokens, float16 storage",
                "SAE forwardVerbose, 2 × 257 tokens, per image, float16 storage",
                "SAE forwardVerbose, CLS token, float16 storage"), names);

        JsonArray profile = root.getAsJsonArray("blockProfile");
        assertEquals(11, profile.size());
        for (JsonElement e : profile) {
            JsonObject op = e.getAsJsonObject();
            assertPositive(op.get("ms").getAsDouble(), op.get("op").getAsString());
        }
        assertEquals("qkv linear", profile.get(1).getAsJsonObject().get("op").getAsString());
        assertPositive(profile.get(1).getAsJsonObject().get("gflops").getAsDouble(), "qkv GFLOP/s");

        JsonArray saeProfile = root.getAsJsonArray("saeProfile");
        assertEquals(8, saeProfile.size());
        for (JsonElement e : saeProfile) {
            assertPositive(e.getAsJsonObject().get("ms").getAsDouble(), e.getAsJsonObject().get("op").getAsString());
        }
        assertPositive(saeProfile.get(1).getAsJsonObject().get("gflops").getAsDouble(), "encoder GFLOP/s");

        JsonArray roofline = root.getAsJsonArray("roofline");
        assertEquals(7, roofline.size(), "2 tower rows against the GEMM, 5 SAE rows against the tower's linear layers");
        roofline.forEach(e -> assertPositive(e.getAsJsonObject().get("shareOfGemm").getAsDouble(), "roofline share"));
        assertTrue(roofline.get(6).getAsJsonObject().get("reference").getAsString().contains("linear"), roofline.toString());
        JsonArray checks = root.getAsJsonArray("checks");
        assertEquals(2, checks.size(), checks.toString());
        checks.forEach(c -> assertTrue(c.getAsString().startsWith("AGREE"), checks.toString()));
        double peak = root.get("peakRssMiB").getAsDouble();
        for (JsonElement e : root.getAsJsonArray("stages")) {
            assertTrue(e.getAsJsonObject().get("rssMiB").getAsDouble() <= peak + 1, "no stage is above the peak");
        }

        JsonArray memory = root.getAsJsonArray("memory");
        assertEquals(2, memory.size());
        for (JsonElement e : memory) {
            JsonObject probe = e.getAsJsonObject();
            String config = probe.get("config").getAsString();
            assertFalse(probe.has("error"), config + ": " + probe.get("error"));
            assertTrue(probe.get("heap").getAsString().endsWith("MiB"), config);
            double hwm = probe.get("peakRssMiB").getAsDouble();
            assertPositive(probe.get("peakAnonMiB").getAsDouble(), config);
            JsonArray stages = probe.getAsJsonArray("stages");
            assertTrue(stages.size() >= 4, config);
            for (JsonElement s : stages) {
                JsonObject stage = s.getAsJsonObject();
                assertTrue(stage.get("rssMiB").getAsDouble() <= hwm + 1, config + ": VmHWM is the peak");
                assertTrue(stage.get("anonMiB").getAsDouble() + stage.get("fileMiB").getAsDouble()
                        <= stage.get("rssMiB").getAsDouble() + 1, config);
            }
        }
        assertEquals("file", memory.get(1).getAsJsonObject().get("source").getAsString());
        assertEquals("float16", memory.get(1).getAsJsonObject().get("storage").getAsString());
    }

    @Test
    void badOptionsAreOneLineNamingTheFix() {
        assertOneLine(run("bench", "--threads", "0"), "--threads needs a positive whole number");
        assertOneLine(run("bench", "--threads", "two"), "--threads needs a positive whole number");
        assertOneLine(run("bench", "--only", "speed"), "--only takes timing, memory or index");
        assertOneLine(run("bench", "--fast"), "Unknown option --fast");
    }

    @Test
    void helpNamesEveryOption() {
        ScopeCliTest.Run r = run("bench", "--help");
        assertEquals(0, r.status());
        for (String option : new String[] {"--quick", "--json", "--threads", "--only"}) {
            assertTrue(r.out().contains(option), option);
        }
    }

    private static void assertOneLine(ScopeCliTest.Run r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    private static void assertPositive(double x, String what) {
        assertTrue(x > 0 && Double.isFinite(x), what + ": " + x);
    }

    @Test
    void benchOnADeviceLinesUpWithThePeerRowByRow(@TempDir Path dir) throws IOException {
        Path peer = dir.resolve("peer-float32.json");
        Files.writeString(peer, """
                {"torch": "2.11.0+cu130", "gpu": "NVIDIA H200", "rows": [
                 {"batch": 1, "dtype": "float32", "tower_ms": 3.5, "sae_all_tokens_ms": 1.25, "sae_cls_ms": 0.5},
                 {"batch": 2, "dtype": "float32", "tower_ms": 5.0, "sae_all_tokens_ms": 2.5, "sae_cls_ms": 0.75}]}
                """);
        Path json = dir.resolve("device.json");
        Path md = dir.resolve("device.md");
        ScopeCliTest.Run r = run("bench", "--device", "cpu", "--quick", "--batches", "1,2", "--dtypes", "float32",
                "--peer", peer.toString(), "--json", json.toString(), "--markdown", md.toString());
        assertEquals(0, r.status(), r.err());
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("NVIDIA H200", root.get("gpu").getAsString());
        JsonArray rows = root.getAsJsonArray("rows");
        assertEquals(2, rows.size());
        double[] peerTower = {3.5, 5.0};
        double[] peerSae = {1.25, 2.5};
        for (int i = 0; i < 2; i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            assertEquals(i + 1, row.get("batch").getAsInt());
            assertEquals((i + 1) * BenchPlan.quickCheck().tokens(), row.get("tokens").getAsInt());
            for (String stage : List.of("tower_ms", "tower_all_blocks_ms", "sae_all_tokens_ms", "sae_cls_ms")) {
                assertPositive(row.get(stage).getAsDouble(), stage);
            }
            assertEquals(peerTower[i], row.get("peer_tower_ms").getAsDouble());
            assertEquals(peerTower[i] / row.get("tower_all_blocks_ms").getAsDouble(),
                    row.get("ratio_tower_all_blocks").getAsDouble(), 1e-3 * row.get("ratio_tower_all_blocks").getAsDouble() + 1e-3);
            assertEquals(peerSae[i] / row.get("sae_all_tokens_ms").getAsDouble(),
                    row.get("ratio_sae_all_tokens").getAsDouble(), 1e-3 * row.get("ratio_sae_all_tokens").getAsDouble() + 1e-3);
        }
        String table = Files.readString(md);
        assertEquals(table, r.out().substring(0, table.length()), "the markdown is what was printed");
        assertTrue(table.contains("| float32 | 1 |"), table);
        assertTrue(table.contains("| float32 | 2 |"), table);
        assertEquals(2, root.getAsJsonArray("targets").size(), "one target line per row with a peer");

        ScopeCliTest.Run wrong = run("bench", "--device", "cpu", "--threads", "1");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("--threads belongs to the CPU benchmark"), wrong.err());
    }
}
