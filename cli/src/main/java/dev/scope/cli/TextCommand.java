package dev.scope.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.scope.engine.Matrix;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.pixels.PixelBatch;
import dev.scope.engine.pixels.Preprocessor;
import dev.scope.engine.pixels.PreprocessorConfig;
import dev.scope.engine.resid.Capture;
import dev.scope.engine.resid.ClipVision;
import dev.scope.engine.text.ClipText;
import dev.scope.engine.text.ClipTokenizer;
import dev.scope.engine.text.TextOutput;
import dev.scope.engine.text.Tokens;
import dev.scope.engine.text.ZeroShot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ./scope text}: token rows or prompts through CLIP's text tower into one safetensors file
 * holding {@code input_ids}, {@code last_hidden_state}, {@code pooler_output}, {@code text_embeds}
 * and, with images, {@code logits_per_image} and {@code logits_per_text}.
 */
final class TextCommand {
    static final String USAGE = """
            usage: ./scope text --input-ids ids.json | --prompts "a cat","a dog"
                                --out result.safetensors
                                [--clip DIR|REPO] [--images a.png,b.png]
            ids.json is a JSON object whose input_ids is a list of rows of token ids.""";
    /** The largest ids.json read. */
    static final long MAX_IDS_BYTES = 16L << 20;

    private static final Set<String> OPTIONS = Set.of("clip", "input-ids", "prompts", "images", "out");
    private static final Set<String> FLAGS = Set.of("help");

    private TextCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path target = Path.of(a.require("out"));
        a.requireOneOf("input-ids", "prompts");
        Source clip = dev.scope.engine.ScopeSpec.fromEnvironment().withOptions(a.options(List.of("clip"))).clip();
        List<BufferedImage> images = new ArrayList<>();
        if (a.get("images") != null) {
            for (String p : a.get("images").split(",")) {
                images.add(ImageDecoder.read(Path.of(p.strip())));
            }
        }
        Hub hub = Hub.fromEnvironment();
        hub.file(clip, ClipVision.CONFIG_FILE);
        Path folder = hub.file(clip, ClipVision.WEIGHTS_FILE).getParent();
        try (NDManager manager = NDManager.newBaseManager(); ClipText tower = ClipText.load(folder, manager)) {
            int[][] ids;
            if (a.get("prompts") != null) {
                try (ClipTokenizer tokenizer = ClipTokenizer.load(hub.file(clip, ClipTokenizer.FILE),
                        tower.config().maxPositions(), tower.config().padTokenId())) {
                    Tokens tokens = tokenizer.encode(prompts(a.get("prompts")));
                    tokens.notes().forEach(out::println);
                    ids = tokens.ids();
                }
            } else {
                ids = readIds(Path.of(a.get("input-ids")));
            }
            TextOutput text = tower.forward(ids);
            SafetensorsWriter w = new SafetensorsWriter();
            long n = text.batch();
            w.add("input_ids", new long[] {n, text.positions()}, Arrays.stream(ids).flatMapToInt(Arrays::stream).toArray());
            w.add("last_hidden_state", new long[] {n, text.positions(), text.width()}, text.lastHiddenStateData());
            w.add("pooler_output", new long[] {n, text.width()}, text.pooledData());
            w.add("text_embeds", new long[] {n, text.projectionDim()}, text.textEmbedsData());
            if (!images.isEmpty()) {
                Matrix logits = ZeroShot.logits(imageEmbeds(hub, clip, folder, images, manager), text.textEmbeds(),
                        tower.logitScale());
                w.add("logits_per_image", new long[] {logits.rows(), logits.cols()}, logits.data());
                w.add("logits_per_text", new long[] {logits.cols(), logits.rows()}, transpose(logits).data());
            }
            w.write(target);
            out.println("Wrote " + target + ": " + n + " text(s) of " + text.positions() + " positions"
                    + (images.isEmpty() ? "" : ", logits against " + images.size() + " image(s)") + ".");
        }
        return 0;
    }

    /** {@code "a cat","a dog"} reaches us as {@code a cat,a dog}: one prompt per comma-separated part. */
    static List<String> prompts(String list) {
        List<String> out = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (out.isEmpty()) {
            throw new Args.UsageException("--prompts holds no prompts; give them comma-separated, such as \"a cat\",\"a dog\".");
        }
        return out;
    }

    static int[][] readIds(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_IDS_BYTES) {
                throw new Args.UsageException(file + " is larger than " + (MAX_IDS_BYTES >> 20) + " MB; split it.");
            }
            JsonElement root = JsonParser.parseString(Files.readString(file));
            JsonArray rows = root.isJsonObject() && root.getAsJsonObject().has("input_ids")
                    ? root.getAsJsonObject().getAsJsonArray("input_ids") : null;
            if (rows == null || rows.isEmpty()) {
                throw new Args.UsageException(file + " has no input_ids; write {\"input_ids\": [[49406, …, 49407], …]}.");
            }
            int[][] ids = new int[rows.size()][];
            for (int r = 0; r < ids.length; r++) {
                JsonArray row = rows.get(r).getAsJsonArray();
                ids[r] = new int[row.size()];
                for (int i = 0; i < ids[r].length; i++) {
                    ids[r][i] = row.get(i).getAsInt();
                }
            }
            return ids;
        } catch (NoSuchFileException e) {
            throw new Args.UsageException("There is no " + file + "; --input-ids takes a JSON file.");
        } catch (JsonParseException | IllegalStateException | ClassCastException | NumberFormatException
                 | UnsupportedOperationException e) {
            throw new Args.UsageException(file + " is not a JSON object whose input_ids is a list of rows of token ids.");
        }
    }

    private static Matrix imageEmbeds(Hub hub, Source clip, Path folder, List<BufferedImage> images, NDManager manager)
            throws IOException {
        Preprocessor pre = new Preprocessor(PreprocessorConfig.read(hub.file(clip, "preprocessor_config.json")));
        PixelBatch pixels = pre.applyAll(images);
        try (ClipVision vision = ClipVision.load(folder, manager)) {
            return vision.forward(pixels.data(), pixels.batch(), Capture.blocks(List.of()).withPooled()).imageEmbeds();
        }
    }

    private static Matrix transpose(Matrix m) {
        float[] t = new float[m.data().length];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                t[c * m.rows() + r] = m.get(r, c);
            }
        }
        return new Matrix(m.cols(), m.rows(), t);
    }
}
