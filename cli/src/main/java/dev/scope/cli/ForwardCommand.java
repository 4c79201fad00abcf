package dev.scope.cli;

import dev.scope.engine.LoadListener;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.io.Tensor;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.resid.ResidualStream;
import dev.scope.engine.sae.SaeOutput;

import java.awt.image.BufferedImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ./scope forward}: images through CLIP and the SAEs into one safetensors file holding
 * {@code pixel_values}, {@code resid.L} and {@code sae.L.{indices,values,reconstruction[,latent]}}.
 */
final class ForwardCommand {
    static final String USAGE = """
            usage: ./scope forward --images a.png,b.png | --pixel-values FILE.safetensors:KEY
                                   --out result.safetensors
                                   [--clip DIR|REPO] [--saes DIR|REPO] [--layers 22|2,5|all]
                                   [--device auto|cpu|gpu] [--dtype float32|float16] [--batch N] [--dense]
              --batch  images per forward pass (default: 8 on the CPU, 64 on a GPU)
              Defaults as everywhere: $SCOPE_CLIP, $SCOPE_SAES, $SCOPE_LAYERS (else the deepest layer the SAEs
              have: 22), $SCOPE_DEVICE (else auto), $SCOPE_DTYPE (else float32). Layers may also be written
              22_resid, (22,'resid') or blocks.22.hook_resid_post; an image also as an http(s) URL or black.""";

    private static final Set<String> OPTIONS = Set.of("clip", "saes", "layers", "images", "pixel-values", "out",
            "device", "dtype", "batch");
    private static final Set<String> FLAGS = Set.of("dense", "help");

    private ForwardCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path target = Path.of(a.require("out"));
        a.requireOneOf("images", "pixel-values");
        ScopeSpec spec = ScopeSpec.fromEnvironment().withOptions(a.options(ScopeSpec.OPTIONS));
        List<String> names = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (String name : a.get("images") == null ? new String[0] : a.get("images").split(",")) {
            ImageSource image = ImageSource.parse(name); // a file, an http(s) URL or black: one batch, so no folders
            images.add(image.read()); // before the model loads: a bad file fails fast
            names.add(image.name());
        }
        // read before the model loads, so that a bad file fails at once
        Tensor pixels = a.get("pixel-values") == null ? null : givenPixels(a.get("pixel-values"));
        Integer batchOption = a.get("batch") == null ? null : a.positive("batch", 1);
        try (Scope scope = Scope.load(spec)) {
            scope.loadSaes(LoadListener.NONE); // a broken checkpoint fails before the forward pass, not after
            int batch = batchOption == null ? scope.batchSize() : batchOption;
            PixelBatch given = pixels == null ? null : batch(pixels, a.get("pixel-values"), scope);
            int count = given == null ? images.size() : given.batch();
            List<ScopeResult> parts = new ArrayList<>();
            for (int from = 0; from < count; from += batch) {
                int to = Math.min(count, from + batch);
                parts.add(given == null
                        ? scope.forward(names.subList(from, to), images.subList(from, to), scope.layers())
                        : scope.forwardPixels(List.of(), List.of(), slice(given, from, to), scope.layers()));
            }
            write(parts, a.flag("dense"), target);
            ScopeResult r = parts.get(0);
            out.println("Wrote " + target + ": " + count + " image(s), layers " + r.layers() + ", "
                    + r.resid().tokens() + " tokens, d_in " + r.resid().width() + "; " + parts.size()
                    + " pass(es) of up to " + batch + " on " + scope.device() + "."
                    + (scope.isDemo() ? " DEMO scope (random weights): SCOPE_DEMO is set." : ""));
        }
        return 0;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of a pixel batch. */
    static PixelBatch slice(PixelBatch all, int from, int to) {
        if (from == 0 && to == all.batch()) {
            return all;
        }
        int per = all.channels() * all.height() * all.width();
        return new PixelBatch(to - from, all.channels(), all.height(), all.width(),
                Arrays.copyOfRange(all.data(), from * per, to * per));
    }

    /** Pixel values from {@code file.safetensors:key}, fed as they are (no preprocessing): [B ≥ 1, 3, H, W]. */
    private static Tensor givenPixels(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new Args.UsageException("--pixel-values takes FILE.safetensors:KEY, not \"" + spec + "\".");
        }
        Tensor t = Safetensors.open(Path.of(spec.substring(0, colon))).tensor(spec.substring(colon + 1));
        long[] s = t.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new Args.UsageException("The pixel values " + spec + " have shape " + Arrays.toString(s)
                    + " but CLIP takes [B, 3, H, W]; pass a processor's pixel_values.");
        }
        if (s[0] < 1) {
            throw new Args.UsageException("The pixel values " + spec + " hold no images (shape " + Arrays.toString(s)
                    + "); pass at least one.");
        }
        return t;
    }

    private static PixelBatch batch(Tensor t, String spec, Scope scope) {
        int size = scope.clipConfig().imageSize();
        long[] s = t.shape();
        if (s[2] != size || s[3] != size) {
            throw new Args.UsageException("The pixel values " + spec + " have shape " + Arrays.toString(s)
                    + " but this CLIP takes [B, 3, " + size + ", " + size + "].");
        }
        return new PixelBatch(Math.toIntExact(s[0]), 3, size, size, t.toFloats());
    }

    static void write(ScopeResult r, boolean dense, Path target) throws IOException {
        write(List.of(r), dense, target);
    }

    /** The passes' results, one after the other along the image axis, as one file. */
    static void write(List<ScopeResult> parts, boolean dense, Path target) throws IOException {
        ScopeResult first = parts.get(0);
        ResidualStream resid = first.resid();
        long b = parts.stream().mapToLong(ScopeResult::images).sum();
        long t = resid.tokens();
        long[] px = first.pixels().shape();
        px[0] = b;
        SafetensorsWriter w = new SafetensorsWriter();
        w.add("pixel_values", px, floats(parts, r -> r.pixels().data()));
        for (int layer : first.layers()) {
            SaeOutput sae = first.sae().get(layer);
            w.add("resid." + layer, new long[] {b, t, resid.width()}, floats(parts, r -> r.resid().residArrays().get(layer)));
            w.add("sae." + layer + ".indices", new long[] {b, t, sae.k()}, ints(parts, r -> r.sae().get(layer).indices()));
            w.add("sae." + layer + ".values", new long[] {b, t, sae.k()}, floats(parts, r -> r.sae().get(layer).values()));
            w.add("sae." + layer + ".reconstruction", new long[] {b, t, resid.width()},
                    floats(parts, r -> r.sae().get(layer).reconstruction().data()));
            if (dense) {
                w.add("sae." + layer + ".latent", new long[] {b, t, sae.nFeatures()},
                        floats(parts, r -> r.sae().get(layer).latent().data()));
            }
        }
        w.write(target);
    }

    private static float[] floats(List<ScopeResult> parts, Function<ScopeResult, float[]> of) {
        if (parts.size() == 1) {
            return of.apply(parts.get(0));
        }
        List<float[]> arrays = parts.stream().map(of).toList();
        float[] all = new float[Math.toIntExact(arrays.stream().mapToLong(a -> a.length).sum())];
        int at = 0;
        for (float[] part : arrays) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static int[] ints(List<ScopeResult> parts, Function<ScopeResult, int[]> of) {
        List<int[]> arrays = parts.stream().map(of).toList();
        int[] all = new int[Math.toIntExact(arrays.stream().mapToLong(a -> a.length).sum())];
        int at = 0;
        for (int[] part : arrays) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
