package dev.scope.bench;

import dev.scope.engine.WeightType;

import java.util.List;

/**
 * One memory measurement, made in a JVM of its own: where the weights come from (drawn at random in
 * memory, or loaded from checkpoint files on disk), how they are stored, how many CLIP blocks are loaded
 * (0 for none), whether the SAE is loaded, and a variant of the process to compare against.
 */
public record ProbeConfig(Source source, WeightType storage, int clipBlocks, boolean sae, Variant variant) {

    /** Random arrays built in memory, or the load path from memory-mapped safetensors files. */
    public enum Source { RANDOM, FILE }

    /**
     * The probe as the benchmark runs (its environment, so the launcher's malloc settings), or the same
     * with mapped checkpoint pages kept after their values were copied (the engine before
     * {@link dev.scope.engine.io.MappedPages}), or with glibc's default malloc ({@code GLIBC_TUNABLES} empty).
     */
    public enum Variant {
        AS_RUN(""), MAPPED_PAGES_KEPT(", mapped pages kept (before)"), DEFAULT_MALLOC(", glibc's default malloc");

        private final String suffix;

        Variant(String suffix) {
            this.suffix = suffix;
        }
    }

    /** Every configuration the full benchmark measures, for a plan whose tower stops at {@code layer} of {@code depth}. */
    static List<ProbeConfig> full(int layer, int depth) {
        int toLayer = layer + 1;
        return List.of(
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, toLayer, true, Variant.AS_RUN),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, depth, true, Variant.AS_RUN),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT16, toLayer, true, Variant.AS_RUN),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT16, depth, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT32, 0, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, 0, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, 0, true, Variant.MAPPED_PAGES_KEPT),
                new ProbeConfig(Source.FILE, WeightType.FLOAT32, toLayer, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, toLayer, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, toLayer, true, Variant.MAPPED_PAGES_KEPT),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, toLayer, true, Variant.DEFAULT_MALLOC));
    }

    /** Two configurations covering both sources, both storage types and both kinds of pass, for {@code --quick}. */
    static List<ProbeConfig> quick(int layer, int depth) {
        return List.of(
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, depth, true, Variant.AS_RUN),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, layer + 1, true, Variant.AS_RUN));
    }

    /** For example "float16, random: CLIP 23 blocks + SAE". */
    public String describe() {
        String what = clipBlocks == 0 ? "SAE alone" : "CLIP " + clipBlocks + " blocks" + (sae ? " + SAE" : "");
        return storage.name().toLowerCase(java.util.Locale.ROOT) + ", " + (source == Source.RANDOM ? "random"
                : "from files") + ": " + what + variant.suffix;
    }

    /** The command-line form a probe process reads back with {@link #parse}. */
    List<String> args() {
        return List.of(source.name(), storage.name(), Integer.toString(clipBlocks), Boolean.toString(sae),
                variant.name());
    }

    static ProbeConfig parse(List<String> args) {
        return new ProbeConfig(Source.valueOf(args.get(0)), WeightType.valueOf(args.get(1)),
                Integer.parseInt(args.get(2)), Boolean.parseBoolean(args.get(3)), Variant.valueOf(args.get(4)));
    }
}
