package dev.scope.magics;

import ai.djl.Device;
import dev.scope.engine.Scope;
import dev.scope.engine.WeightType;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.TopKSae;
import dev.scope.views.TableView;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The table {@code %scope load} ends with: per layer d_in, n_features, k, checkpoint, device and memory. */
final class LoadSummary {

    static final String NOT_YET = "loads on first use";

    private LoadSummary() {
    }

    static TableView of(Scope scope) throws IOException {
        IntColumn layer = IntColumn.create("layer");
        IntColumn dIn = IntColumn.create("d_in");
        StringColumn features = StringColumn.create("n_features");
        StringColumn k = StringColumn.create("k");
        StringColumn checkpoint = StringColumn.create("checkpoint");
        StringColumn device = StringColumn.create("device");
        StringColumn memory = StringColumn.create("memory");
        for (int l : scope.layers()) {
            layer.append(l);
            dIn.append(scope.clipConfig().hiddenSize());
            device.append(describe(scope.device()));
            if (scope.isLoaded(l)) {
                TopKSae sae = scope.sae(l);
                features.append(String.valueOf(sae.nFeatures()));
                k.append(String.valueOf(sae.k()));
                checkpoint.append(checkpointName(scope, l));
                memory.append(megabytes(saeBytes(sae.dIn(), sae.nFeatures(), scope.dtype())));
            } else {
                features.append("");
                k.append("");
                checkpoint.append(NOT_YET);
                memory.append("");
            }
        }
        Table table = Table.create("scope", layer, dIn, features, k, checkpoint, device, memory);
        VisionConfig clip = scope.clipConfig();
        String caption = scope + " · CLIP vision tower: " + scope.clip().loadedBlocks() + " of "
                + clip.numHiddenLayers() + " blocks, width " + clip.hiddenSize() + ", " + clip.tokens()
                + " tokens, ≈" + megabytes(clipBytes(clip, scope.clip().loadedBlocks(), scope.dtype()));
        return new TableView(table, caption, scope.isDemo());
    }

    /** enc and dec at the storage type, pre_b as float32. */
    static long saeBytes(int dIn, int nFeatures, WeightType dtype) {
        return 2L * dIn * nFeatures * bytes(dtype) + 4L * dIn;
    }

    /** The vision tower's parameters up to {@code blocks}: embeddings, attention, MLP and norms. */
    static long clipBytes(VisionConfig c, int blocks, WeightType dtype) {
        long d = c.hiddenSize();
        long embeddings = 3L * c.patchSize() * c.patchSize() * d + (long) c.tokens() * d + d + 2 * d;
        long block = 4 * d * d + 4 * d + 2 * d * c.intermediateSize() + c.intermediateSize() + d + 4 * d;
        return (embeddings + blocks * block) * bytes(dtype);
    }

    private static int bytes(WeightType dtype) {
        return dtype == WeightType.FLOAT16 ? 2 : 4;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String checkpointName(Scope scope, int layer) {
        Path file = scope.checkpoint(layer);
        if (file == null) {
            return scope.isDemo() ? "demo (random)" : "";
        }
        Path parent = file.getParent();
        return parent == null ? file.getFileName().toString() : parent.getFileName() + "/" + file.getFileName();
    }

    private static String describe(Device device) {
        return device.isGpu() ? "gpu " + device.getDeviceId() : "cpu";
    }
}
