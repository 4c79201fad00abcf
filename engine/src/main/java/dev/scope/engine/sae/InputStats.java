package dev.scope.engine.sae;

import dev.scope.engine.io.DType;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.io.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A dataset's per-layer input statistics for {@link SaeInput.Mode#DATASET}: each layer's {@link LayerStats}
 * over all tokens of some images, estimated once ({@code Scope.inputStats}) and stored beside the images
 * as a small safetensors file ({@link #FILE_NAME} in the folder, or beside an index): tensors
 * {@code mean.<layer>} and {@code std.<layer>} (float32, d_in each) and, in {@code __metadata__}, the format,
 * the CLIP they came from, what images, how many, and how many tokens.
 *
 * <pre>
 * jshell&gt; var stats = scope.inputStats(ImageSource.list("photos/"), ScanListener.NONE, "photos/");
 * jshell&gt; stats.write(InputStats.besideFolder(Path.of("photos")));
 * jshell&gt; scope.forward(image, scope.layers(), SaeInput.dataset(InputStats.read(file)))
 * </pre>
 *
 * @param clip   the CLIP the residual streams came from (its repo or folder)
 * @param source what the images were (a folder, a list, an index)
 */
public record InputStats(SortedMap<Integer, LayerStats> layers, int images, String clip, String source, Path file) {

    /** The file's name in a folder of images; hidden, so that listing the folder skips it. */
    public static final String FILE_NAME = ".scope-input-stats.safetensors";
    static final String FORMAT = "scope-input-stats/1";

    public InputStats {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Input statistics need at least one layer.");
        }
        layers = Collections.unmodifiableSortedMap(new TreeMap<>(layers));
    }

    /** Where a folder's statistics are kept: {@link #FILE_NAME} inside it. */
    public static Path besideFolder(Path folder) {
        return folder.resolve(FILE_NAME);
    }

    /** Where an index file's statistics are kept: {@code <index>.input-stats.safetensors} next to it. */
    public static Path besideFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".input-stats.safetensors");
    }

    public LayerStats layer(int layer) {
        LayerStats stats = layers.get(layer);
        if (stats == null) {
            throw new IllegalArgumentException("The input statistics " + where() + " have no layer " + layer + " (they have "
                    + layers.keySet() + "); estimate them again for this scope's layers.");
        }
        return stats;
    }

    /** Whether these statistics hold every one of {@code wanted} and come from {@code clipName}. */
    public boolean covers(Collection<Integer> wanted, String clipName) {
        return layers.keySet().containsAll(wanted) && clip.equals(clipName);
    }

    /** "statistics over 24 images of photos/ (6,168 tokens)": for the views. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "statistics over %d image%s of %s (%,d tokens%s)", images,
                images == 1 ? "" : "s", source, layers.get(layers.firstKey()).tokens(),
                file == null ? "" : ", " + file.getFileName());
    }

    private String where() {
        return file == null ? "of " + source : "in " + file;
    }

    /** Writes the statistics to {@code target} (atomically: a failed write leaves nothing); returns them with that file. */
    public InputStats write(Path target) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter()
                .metadata("format", FORMAT).metadata("clip", clip).metadata("source", source)
                .metadata("images", String.valueOf(images))
                .metadata("tokens", String.valueOf(layers.get(layers.firstKey()).tokens()));
        for (Map.Entry<Integer, LayerStats> e : layers.entrySet()) {
            long[] shape = {e.getValue().width()};
            w.add("mean." + e.getKey(), shape, e.getValue().mean());
            w.add("std." + e.getKey(), shape, e.getValue().std());
        }
        w.write(target);
        return new InputStats(layers, images, clip, source, target);
    }

    /** Reads statistics written by {@link #write}; a file of another kind is one sentence naming it. */
    public static InputStats read(Path file) throws IOException {
        Safetensors st = Safetensors.open(file);
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw bad(file, "is not a file of input statistics (its format is " + meta.getOrDefault("format", "not named") + ")");
        }
        long tokens = number(file, meta, "tokens");
        long images = number(file, meta, "images");
        SortedMap<Integer, LayerStats> layers = new TreeMap<>();
        for (String name : new TreeSet<>(st.names())) {
            if (!name.startsWith("mean.")) {
                continue;
            }
            int layer;
            try {
                layer = Integer.parseInt(name.substring("mean.".length()));
            } catch (NumberFormatException e) {
                throw bad(file, "has a tensor " + name + " that names no layer");
            }
            float[] mean = vector(file, st, name);
            float[] std = vector(file, st, "std." + layer);
            if (mean.length != std.length) {
                throw bad(file, "has " + mean.length + " means but " + std.length + " standard deviations at layer " + layer);
            }
            for (int i = 0; i < mean.length; i++) {
                if (!Float.isFinite(mean[i]) || !(std[i] >= 0) || !Float.isFinite(std[i])) {
                    throw bad(file, "has a mean or standard deviation that is not a finite number at layer " + layer);
                }
            }
            layers.put(layer, new LayerStats(mean, std, tokens));
        }
        if (layers.isEmpty()) {
            throw bad(file, "holds no layer's statistics");
        }
        return new InputStats(layers, (int) Math.min(images, Integer.MAX_VALUE), meta.getOrDefault("clip", ""),
                meta.getOrDefault("source", file.toString()), file);
    }

    private static float[] vector(Path file, Safetensors st, String name) throws IOException {
        if (!st.contains(name)) {
            throw bad(file, "has no tensor " + name);
        }
        Tensor t = st.tensor(name);
        if (t.shape().length != 1 || t.dtype() != DType.F32) {
            throw bad(file, "has " + name + " that is not a float32 vector");
        }
        return t.toFloats();
    }

    private static long number(Path file, Map<String, String> meta, String key) throws IOException {
        try {
            long n = Long.parseLong(meta.getOrDefault(key, ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(file, "has no positive count of " + key + " in its metadata");
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException("The input statistics file " + file + " " + what + "; delete it to estimate the"
                + " statistics again.");
    }

    @Override
    public String toString() {
        return "InputStats(" + describe() + ", layers " + layers.keySet() + ")";
    }
}
