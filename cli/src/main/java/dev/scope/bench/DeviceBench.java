package dev.scope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.TopKSae;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code ./scope bench --device}: the tower and one SAE on one device at several batch sizes and
 * storage types, in the shapes and with the repeats of the GPU peer ({@code peer.py}: transformers'
 * {@code CLIPVisionModel} and clipscope's dense SAE on the same GPU), so that the two line up row by
 * row. Every timed call copies its results into Java memory, which also waits for the device.
 */
public final class DeviceBench {
    private static final long SEED = 1_200_013_184L;

    private final BenchPlan plan;
    private final Device device;
    private final Consumer<String> progress;

    public DeviceBench(BenchPlan plan, Device device, Consumer<String> progress) {
        this.plan = plan;
        this.device = device;
        this.progress = progress;
    }

    /**
     * One batch size and storage type: the tower to the scope's layer (what the scope runs), the whole
     * tower with its post-LayerNorm (what transformers runs), and the SAE on every token of the batch
     * and on its CLS tokens alone; median ms of the timed repeats.
     */
    public record Row(String dtype, int batch, double towerMs, double towerAllBlocksMs, double saeAllTokensMs,
                      double saeClsMs, int tokens) {
    }

    /** Times every storage type at every batch size. */
    public List<Row> run(List<DataType> storages, List<Integer> batches) {
        List<Row> rows = new ArrayList<>();
        VisionConfig v = plan.vision();
        BenchPlan.Repeats r = plan.deviceRepeats();
        try (NDManager base = NDManager.newBaseManager(device)) {
            for (DataType storage : storages) {
                String name = storage.name().toLowerCase(java.util.Locale.ROOT);
                progress.accept("building a random " + name + " tower of " + v.numHiddenLayers() + " blocks and SAE "
                        + plan.dIn() + " → " + plan.saeFeatures() + " on " + device);
                try (ClipVision clip = ClipVision.random(v, base, storage, SEED);
                     TopKSae sae = RandomSae.build(base, plan.dIn(), plan.saeFeatures(), plan.k(), storage, SEED)) {
                    for (int batch : batches) {
                        progress.accept("timing " + name + " at batch " + batch);
                        float[] px = pixels(batch);
                        Capture scope = Capture.blocks(plan.layer());
                        Capture all = Capture.blocks(plan.layer()).withPooled();
                        double tower = Timing.of(r.warmups(), r.repeats(), () -> clip.forward(px, batch, scope)).medianMs();
                        double towerAll = Timing.of(r.warmups(), r.repeats(), () -> clip.forward(px, batch, all)).medianMs();
                        ResidualStream resid = clip.forward(px, batch, scope);
                        int tokens = batch * plan.tokens();
                        try (NDManager inputs = base.newSubManager()) {
                            NDArray x = inputs.create(resid.residFlat(plan.layer()).data(), new Shape(tokens, plan.dIn()));
                            NDArray cls = x.reshape(batch, plan.tokens(), plan.dIn()).get(":, 0, :").duplicate();
                            double saeAll = Timing.of(r.warmups(), r.repeats(), () -> sae.forwardVerbose(x)).medianMs();
                            double saeCls = Timing.of(r.warmups(), r.repeats(), () -> sae.forwardVerbose(cls)).medianMs();
                            rows.add(new Row(name, batch, tower, towerAll, saeAll, saeCls, tokens));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private float[] pixels(int images) {
        int size = plan.vision().imageSize();
        float[] px = new float[images * 3 * size * size];
        Random random = new Random(SEED + images);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) random.nextGaussian();
        }
        return px;
    }
}
