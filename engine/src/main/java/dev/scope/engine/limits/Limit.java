package dev.scope.engine.limits;

import java.util.Locale;
import java.util.Map;

/**
 * Every limit on what scope reads from outside (checkpoints, safetensors files, configs, images, URLs),
 * each with its name, its default and how to raise it: the system property {@code scope.limit.<name>}
 * or the environment variable {@code SCOPE_LIMIT_<NAME>} (the property wins). The defaults sit far above
 * anything a genuine file needs and far below what would exhaust a 512 MB heap or hang a cell; raise one
 * only for a file you trust. The README's "Limits" section lists them.
 *
 * <pre>
 * jshell&gt; Limit.IMAGE_PIXELS.value()            // 67108864 unless raised
 * jshell&gt; Limit.IMAGE_PIXELS.environmentVariable() // "SCOPE_LIMIT_IMAGE_PIXELS"
 * </pre>
 */
public enum Limit {
    /** The pickle ({@code data.pkl}) of a torch checkpoint; real ones hold a few KB per hundred tensors. */
    PICKLE_BYTES("pickleBytes", 64L << 20, "bytes", "size of the pickle (data.pkl) inside a torch checkpoint"),
    /** Pickle opcodes run for one checkpoint: bounds the time, the values made and every container's size. */
    PICKLE_OPS("pickleOps", 4_000_000, "opcodes", "pickle opcodes run to read one checkpoint"
            + " (this bounds the values it makes and the size of every list and dict)"),
    /** Digits of a number literal in a pickle; Python's own default {@code sys.int_info.default_max_str_digits}. */
    NUMBER_DIGITS("numberDigits", 4300, "digits", "decimal digits of one number in a pickle"
            + " (Python's own default limit for int-from-text)"),
    /** How deep lists, dicts and tuples (pickles) or arrays and objects (JSON) may nest. */
    NESTING_DEPTH("nestingDepth", 100, "levels", "nesting depth of containers in a pickle or a JSON file"),
    /** The central directory of a zip (a torch checkpoint); about 100 bytes per tensor. */
    ZIP_DIRECTORY_BYTES("zipDirectoryBytes", 16L << 20, "bytes", "size of the directory of a checkpoint's zip"),
    /** What one compressed zip entry may inflate to; torch.save stores tensors uncompressed. */
    INFLATED_BYTES("inflatedBytes", 64L << 20, "bytes", "inflated size of one compressed entry of a checkpoint's zip"),
    /** A JSON file read whole: a safetensors header, config.json, preprocessor_config.json. */
    JSON_BYTES("jsonBytes", 16L << 20, "bytes", "size of a JSON config or safetensors header"),
    /** An image file or the body of an image URL. */
    IMAGE_BYTES("imageBytes", 64L << 20, "bytes", "size of an image file or of the body of an image URL"),
    /** Width × height of an image, read from its header before anything is decoded (8192 × 8192). */
    IMAGE_PIXELS("imagePixels", 1L << 26, "pixels", "width × height of an image"),
    /** The whole transfer of an image URL: connecting, the headers and the last byte of the body. */
    URL_SECONDS("urlSeconds", 60, "seconds", "time to fetch an image URL, from connecting to the last byte");

    private final String key;
    private final long defaultValue;
    private final String unit;
    private final String what;

    Limit(String key, long defaultValue, String unit, String what) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.unit = unit;
        this.what = what;
    }

    /** The short name, as in {@code scope.limit.<name>}. */
    public String key() {
        return key;
    }

    public long defaultValue() {
        return defaultValue;
    }

    /** The unit of the value, as a word: bytes, pixels, seconds, … */
    public String unit() {
        return unit;
    }

    /** What is limited, for the README and {@code --help}. */
    public String description() {
        return what;
    }

    public String property() {
        return "scope.limit." + key;
    }

    public String environmentVariable() {
        return "SCOPE_LIMIT_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** The limit in force: the system property, else the environment variable, else the default. */
    public long value() {
        return value(System.getenv());
    }

    /** As {@link #value()}, with the environment given. */
    public long value(Map<String, String> environment) {
        String fromProperty = System.getProperty(property());
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "-D" + property());
        }
        String fromEnvironment = environment.get(environmentVariable());
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, environmentVariable());
        }
        return defaultValue;
    }

    private long parse(String text, String where) {
        try {
            long v = Long.parseLong(text.strip().replace("_", ""));
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidSetting(where + " is \"" + text.strip() + "\", not a positive whole number of "
                + unit + "; set it to one such as " + defaultValue + ", or unset it for that default.");
    }

    /** A limit set to something that is not a positive whole number; the message names the setting. */
    public static final class InvalidSetting extends IllegalArgumentException {
        InvalidSetting(String message) {
            super(message);
        }
    }

    /**
     * Throws {@link Exceeded} when {@code found} is over the limit. {@code what} says what was found, with
     * {@code %s} where the amount goes: {@code check(n, "has a data.pkl of %s")} → "has a data.pkl of
     * 70,000,000 bytes, over the limit of …".
     */
    public void check(long found, String what) {
        check(found, value(), what);
    }

    /** As {@link #check(long, String)}, against a value of this limit read earlier. */
    public void check(long found, long limit, String what) {
        if (found > limit) {
            throw new Exceeded(this, limit, what.formatted(grouped(found) + " " + unit) + ", over");
        }
    }

    /**
     * The refusal for input that went over the limit by an amount not known (a stream cut off): {@code what}
     * ends with the words that lead to "the limit", e.g. {@code "sent a body larger than"}.
     */
    public Exceeded exceeded(String what) {
        return new Exceeded(this, value(), what);
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A limit that input went over. The message is the tail of a sentence whose subject the reader adds
     * ({@code "The checkpoint x.pt " + getMessage() + "."}): what was found, the limit and how to raise it.
     */
    public static final class Exceeded extends RuntimeException {
        private final Limit limit;

        Exceeded(Limit limit, long value, String what) {
            super(what + " the limit of " + grouped(value) + " " + limit.unit + " (" + limit.key
                    + "); if you trust it, raise the limit with " + limit.environmentVariable() + "=N or -D"
                    + limit.property() + "=N");
            this.limit = limit;
        }

        /** Which limit was hit. */
        public Limit limit() {
            return limit;
        }
    }
}
