package dev.scope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.sae.SaeCheckpoint;
import dev.scope.engine.sae.TopKSae;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * The process {@link MemoryBench} starts once per configuration, so that each peak resident set is
 * that configuration's alone: it loads what it is told, runs one pass (one image to the layer, the SAE
 * on its tokens), and prints its {@link MemoryResult} as one JSON line after {@link #MARKER}.
 * <pre>
 *   java -Xmx256m -cp … dev.scope.bench.MemoryProbe full CLIP_DIR SAE_FILE FILE FLOAT16 23 true AS_RUN
 * </pre>
 */
public final class MemoryProbe {
    static final String MARKER = "scope-memory-probe ";
    private static final long SEED = 1_200_013_184L;

    private MemoryProbe() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length != 8) {
            System.err.println("MemoryProbe takes: quick|full CLIP_DIR SAE_FILE RANDOM|FILE FLOAT32|FLOAT16 BLOCKS SAE"
                    + " AS_RUN|MAPPED_PAGES_KEPT|DEFAULT_MALLOC; it is started by ./scope bench, not by hand.");
            System.exit(2);
        }
        BenchPlan plan = argv[0].equals("quick") ? BenchPlan.quickCheck() : BenchPlan.fullSize();
        ProbeConfig config = ProbeConfig.parse(Arrays.asList(argv).subList(3, 8));
        MemoryResult result = measure(plan, config, Path.of(argv[1]), Path.of(argv[2]));
        System.out.println(MARKER + new Gson().toJson(result));
        System.exit(0);
    }

    static MemoryResult measure(BenchPlan plan, ProbeConfig config, Path clipDir, Path saeFile)
            throws IOException, InterruptedException {
        List<StageMemory> stages = new ArrayList<>();
        try (RssSampler sampler = new RssSampler(); NDManager base = NDManager.newBaseManager(Device.cpu())) {
            base.zeros(new Shape(1)).close();
            stages.add(stage(sampler, "JVM and engine started"));
            ClipVision clip = null;
            if (config.clipBlocks() > 0) {
                clip = config.source() == ProbeConfig.Source.RANDOM
                        ? ClipVision.random(BenchPlan.withBlocks(plan.vision(), config.clipBlocks()), base, config.storage().djl(), SEED)
                        : ClipVision.load(clipDir, base, config.storage().djl(), config.clipBlocks());
                stages.add(stage(sampler, "CLIP loaded (" + clip.loadedBlocks() + " blocks)"));
            }
            TopKSae sae = null;
            if (config.sae()) {
                sae = config.source() == ProbeConfig.Source.RANDOM
                        ? RandomSae.build(base, plan.dIn(), plan.saeFeatures(), plan.k(), config.storage().djl(), SEED)
                        : TopKSae.load(checkpoint(saeFile, plan), base, config.storage().djl());
                stages.add(stage(sampler, "SAE loaded"));
            }
            Matrix resid = clip == null ? randomResid(plan) : pass(clip, plan);
            if (sae != null) {
                sae.forwardVerbose(resid);
            }
            stages.add(stage(sampler, "after one pass (1 image" + (clip == null ? "" : " through CLIP")
                    + (sae == null ? "" : ", SAE on " + resid.rows() + " tokens") + ")"));
            System.gc();
            Thread.sleep(300); // lets the cleaner unmap the mapped buffers the collector found dead
            stages.add(stage(sampler, "after System.gc() (dead file mappings unmapped)"));
            return new MemoryResult(config, maxHeap(), stages, ProcStatus.read().peakRss(), sampler.peakAnon(), null);
        }
    }

    /** The SAE file as the real loader sees a checkpoint: its tensors memory-mapped, copied by {@link TopKSae#load}. */
    private static SaeCheckpoint checkpoint(Path file, BenchPlan plan) throws IOException {
        Safetensors st = Safetensors.open(file);
        return new SaeCheckpoint(file, plan.dIn(), plan.saeFeatures(), plan.k(), OptionalLong.empty(),
                st.tensor("pre_b"), st.tensor("enc"), st.tensor("dec"));
    }

    private static Matrix pass(ClipVision clip, BenchPlan plan) {
        int depth = plan.vision().numHiddenLayers();
        int last = Math.min(plan.layer(), clip.loadedBlocks() - 1);
        Capture capture = clip.loadedBlocks() == depth ? Capture.blocks(last).withPooled() : Capture.blocks(last);
        int size = plan.vision().imageSize();
        float[] pixels = new float[3 * size * size];
        Random random = new Random(SEED);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return clip.forward(pixels, 1, capture).resid(last, 0);
    }

    private static Matrix randomResid(BenchPlan plan) {
        float[] values = new float[plan.tokens() * plan.dIn()];
        Random random = new Random(SEED);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new Matrix(plan.tokens(), plan.dIn(), values);
    }

    private static StageMemory stage(RssSampler sampler, String name) {
        sampler.sample();
        return StageMemory.now(name);
    }

    private static String maxHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024) + " MiB";
    }
}
