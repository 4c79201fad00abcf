package dev.scope.engine.pixels;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.scope.engine.io.JsonInput;
import dev.scope.engine.limits.Limit;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The settings of a Hugging Face {@code CLIPImageProcessor}, as stored in
 * {@code preprocessor_config.json}. Both layouts are read: the old flat one ({@code "size": 224,
 * "crop_size": 224}) and the new one ({@code "size": {"shortest_edge": 224}, "crop_size":
 * {"height": 224, "width": 224}}; {@code "size": {"height": h, "width": w}} resizes to exactly h × w).
 *
 * <p>A key that is missing takes the value {@code CLIPImageProcessor} itself defaults to (see
 * {@link #CLIP}), as transformers does; a key that is present but malformed is an error.
 *
 * <pre>
 * jshell&gt; var config = PreprocessorConfig.read(Path.of("fixtures/tiny-clip/preprocessor_config.json"));
 * jshell&gt; config.cropSize()
 * $2 ==&gt; PixelSize[height=224, width=224]
 * </pre>
 *
 * @param doConvertRgb read for completeness; images always become RGB here, since CLIP needs three channels
 */
public record PreprocessorConfig(
        boolean doConvertRgb,
        boolean doResize,
        ResizeTarget size,
        Resample resample,
        boolean doCenterCrop,
        PixelSize cropSize,
        boolean doRescale,
        double rescaleFactor,
        boolean doNormalize,
        PerChannel imageMean,
        PerChannel imageStd) {

    /** {@code CLIPImageProcessor}'s defaults (OpenAI CLIP's mean and std), the fallback for missing keys. */
    /** The largest resize or crop side accepted, far beyond any CLIP's input (224 or 336). */
    public static final int MAX_SIDE = 8192;

    public static final PreprocessorConfig CLIP = new PreprocessorConfig(
            true,
            true, new ResizeTarget.ShortestEdge(224), Resample.BICUBIC,
            true, PixelSize.square(224),
            true, 1 / 255.0,
            true,
            PerChannel.of(0.48145466, 0.4578275, 0.40821073),
            PerChannel.of(0.26862954, 0.26130258, 0.27577711));

    public PreprocessorConfig {
        if (size == null || resample == null || cropSize == null || imageMean == null || imageStd == null) {
            throw new IllegalArgumentException("A preprocessor config needs a size, resample filter, crop size, mean and std; none may be null.");
        }
        for (int c = 0; c < 3; c++) {
            if (!(imageStd.get(c) != 0 && Float.isFinite(imageStd.get(c)))) {
                throw new IllegalArgumentException("The image std " + imageStd + " has a zero or non-finite channel; every channel must be a non-zero number.");
            }
        }
    }

    /** Reads a {@code preprocessor_config.json} file, within {@link Limit#JSON_BYTES} and {@link Limit#NESTING_DEPTH}. */
    public static PreprocessorConfig read(Path file) throws PreprocessorConfigException {
        String json;
        try {
            json = JsonInput.read(file);
        } catch (NoSuchFileException e) {
            throw new PreprocessorConfigException("The preprocessor config " + file + " does not exist; check the path.", e);
        } catch (Limit.Exceeded e) {
            throw new PreprocessorConfigException("The preprocessor config " + file + " " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new PreprocessorConfigException("The preprocessor config " + file + " cannot be read (" + e.getMessage() + "); check the file.", e);
        }
        return parse(json, file.toString());
    }

    /** Parses the text of a {@code preprocessor_config.json}; {@code source} names it in error messages. */
    public static PreprocessorConfig parse(String json, String source) throws PreprocessorConfigException {
        JsonObject root;
        try {
            JsonElement parsed = JsonInput.parse(json);
            if (!parsed.isJsonObject()) {
                throw new PreprocessorConfigException("The preprocessor config " + source + " is not a JSON object; pass a preprocessor_config.json file.");
            }
            root = parsed.getAsJsonObject();
        } catch (Limit.Exceeded e) {
            throw new PreprocessorConfigException("The preprocessor config " + source + " " + e.getMessage() + ".", e);
        } catch (JsonParseException e) {
            throw new PreprocessorConfigException("The preprocessor config " + source + " is not valid JSON; pass a preprocessor_config.json file.", e);
        }
        Fields f = new Fields(root, source);
        PreprocessorConfig d = CLIP;
        return new PreprocessorConfig(
                f.bool("do_convert_rgb", d.doConvertRgb()),
                f.bool("do_resize", d.doResize()),
                f.resizeTarget("size", d.size()),
                f.resample("resample", d.resample()),
                f.bool("do_center_crop", d.doCenterCrop()),
                f.cropSize("crop_size", d.cropSize()),
                f.bool("do_rescale", d.doRescale()),
                f.number("rescale_factor", d.rescaleFactor()),
                f.bool("do_normalize", d.doNormalize()),
                f.perChannel("image_mean", d.imageMean(), false),
                f.perChannel("image_std", d.imageStd(), true));
    }

    /** Typed access to the keys of one config, each error naming the config, the key and the fix. */
    private record Fields(JsonObject root, String source) {

        private JsonElement get(String key) {
            JsonElement e = root.get(key);
            return e == null || e.isJsonNull() ? null : e;
        }

        private PreprocessorConfigException bad(String key, JsonElement value, String expected) {
            String shown = value.toString();
            shown = shown.length() <= 40 ? shown : shown.substring(0, 37) + "...";
            return new PreprocessorConfigException("The preprocessor config " + source + " has \"" + key + "\": "
                    + shown + ", which is not " + expected + "; fix the value or remove the key to use CLIP's default.");
        }

        boolean bool(String key, boolean fallback) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
                return e.getAsBoolean();
            }
            throw bad(key, e, "true or false");
        }

        double number(String key, double fallback) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            if (isNumber(e) && Double.isFinite(e.getAsDouble())) {
                return e.getAsDouble();
            }
            throw bad(key, e, "a number");
        }

        Resample resample(String key, Resample fallback) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            Resample r = isWhole(e) ? Resample.ofPilCode(e.getAsInt()) : null;
            if (r == null) {
                throw bad(key, e, "a PIL filter code (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming)");
            }
            return r;
        }

        ResizeTarget resizeTarget(String key, ResizeTarget fallback) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            String expected = "a pixel count, {\"shortest_edge\": n} or {\"height\": h, \"width\": w}";
            if (isPositiveWhole(e)) {
                return new ResizeTarget.ShortestEdge(e.getAsInt());
            }
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                JsonElement edge = o.get("shortest_edge");
                if (edge != null && isPositiveWhole(edge)) {
                    return new ResizeTarget.ShortestEdge(edge.getAsInt());
                }
                PixelSize exact = heightWidth(o);
                if (edge == null && exact != null) {
                    return new ResizeTarget.Exact(exact);
                }
            }
            throw bad(key, e, expected);
        }

        PixelSize cropSize(String key, PixelSize fallback) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            if (isPositiveWhole(e)) {
                return PixelSize.square(e.getAsInt());
            }
            PixelSize size = e.isJsonObject() ? heightWidth(e.getAsJsonObject()) : null;
            if (size == null) {
                throw bad(key, e, "a pixel count or {\"height\": h, \"width\": w}");
            }
            return size;
        }

        PerChannel perChannel(String key, PerChannel fallback, boolean nonZero) throws PreprocessorConfigException {
            JsonElement e = get(key);
            if (e == null) {
                return fallback;
            }
            float[] v = new float[3];
            if (isNumber(e)) {
                v[0] = v[1] = v[2] = (float) e.getAsDouble();
            } else if (e.isJsonArray() && e.getAsJsonArray().size() == 3) {
                for (int c = 0; c < 3; c++) {
                    JsonElement x = e.getAsJsonArray().get(c);
                    if (!isNumber(x)) {
                        throw bad(key, e, "a list of three numbers (red, green, blue)");
                    }
                    // via double, as numpy casts Python floats to float32
                    v[c] = (float) x.getAsDouble();
                }
            } else {
                throw bad(key, e, "a list of three numbers (red, green, blue)");
            }
            for (float x : v) {
                if (!Float.isFinite(x) || (nonZero && x == 0)) {
                    throw bad(key, e, nonZero ? "three finite non-zero numbers" : "three finite numbers");
                }
            }
            return new PerChannel(v[0], v[1], v[2]);
        }

        private static PixelSize heightWidth(JsonObject o) {
            JsonElement h = o.get("height");
            JsonElement w = o.get("width");
            if (h != null && w != null && isPositiveWhole(h) && isPositiveWhole(w)) {
                return new PixelSize(h.getAsInt(), w.getAsInt());
            }
            return null;
        }

        private static boolean isNumber(JsonElement e) {
            return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
        }

        private static boolean isWhole(JsonElement e) {
            if (!isNumber(e)) {
                return false;
            }
            double d = e.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE;
        }

        /** A side in pixels: 1 up to {@link #MAX_SIDE}; more is no image a CLIP preprocessor makes. */
        private static boolean isPositiveWhole(JsonElement e) {
            return isWhole(e) && e.getAsDouble() >= 1 && e.getAsDouble() <= MAX_SIDE;
        }
    }
}
