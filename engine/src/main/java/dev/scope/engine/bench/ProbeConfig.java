package dev.scope.engine.bench;

import dev.scope.engine.WeightType;

import java.util.List;

/**
 * One memory measurement, made in a JVM of its own: where the weights come from (drawn at random in
 * memory, or loaded from checkpoint files on disk), how they are stored, how many CLIP blocks are loaded
 * (0 for none) and whether the SAE is loaded.
 */
public record ProbeConfig(Source source, WeightType storage, int clipBlocks, boolean sae) {

    /** Random arrays built in memory, or the load path from memory-mapped safetensors files. */
    public enum Source { RANDOM, FILE }

    /** Every configuration the full benchmark measures, for a plan whose tower stops at {@code layer} of {@code depth}. */
    static List<ProbeConfig> full(int layer, int depth) {
        int toLayer = layer + 1;
        return List.of(
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, toLayer, true),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, depth, true),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT16, toLayer, true),
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT16, depth, true),
                new ProbeConfig(Source.FILE, WeightType.FLOAT32, 0, true),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, 0, true),
                new ProbeConfig(Source.FILE, WeightType.FLOAT32, toLayer, true),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, toLayer, true));
    }

    /** Two configurations covering both sources, both storage types and both kinds of pass, for {@code --quick}. */
    static List<ProbeConfig> quick(int layer, int depth) {
        return List.of(
                new ProbeConfig(Source.RANDOM, WeightType.FLOAT32, depth, true),
                new ProbeConfig(Source.FILE, WeightType.FLOAT16, layer + 1, true));
    }

    /** For example "float16, random: CLIP 23 blocks + SAE". */
    public String describe() {
        String what = clipBlocks == 0 ? "SAE alone" : "CLIP " + clipBlocks + " blocks" + (sae ? " + SAE" : "");
        return storage.name().toLowerCase(java.util.Locale.ROOT) + ", " + (source == Source.RANDOM ? "random in memory"
                : "loaded from safetensors") + ": " + what;
    }

    /** The command-line form a probe process reads back with {@link #parse}. */
    List<String> args() {
        return List.of(source.name(), storage.name(), Integer.toString(clipBlocks), Boolean.toString(sae));
    }

    static ProbeConfig parse(List<String> args) {
        return new ProbeConfig(Source.valueOf(args.get(0)), WeightType.valueOf(args.get(1)),
                Integer.parseInt(args.get(2)), Boolean.parseBoolean(args.get(3)));
    }
}
