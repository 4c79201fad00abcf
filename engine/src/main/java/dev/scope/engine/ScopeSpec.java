package dev.scope.engine;

import dev.scope.engine.hub.Source;
import dev.scope.engine.hub.WeightSources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What to load: where CLIP and the SAEs come from (Hugging Face repo ids or local folders), which
 * layers, the device, the weight storage type, and whether to build the small random demo scope
 * instead. The CLI, the magics, the notebooks and the Java API all start from
 * {@link #fromEnvironment()}, the one reader of the {@code SCOPE_*} settings:
 *
 * <table>
 *   <caption>The SCOPE_* settings and their defaults</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code SCOPE_CLIP}</td><td>{@value WeightSources#CLIP_REPO}</td></tr>
 *   <tr><td>{@code SCOPE_SAES}</td><td>{@value WeightSources#SCOPE_REPO}</td></tr>
 *   <tr><td>{@code SCOPE_LAYERS}</td><td>{@code deepest}: the deepest layer the SAEs offer (22 for the published scope)</td></tr>
 *   <tr><td>{@code SCOPE_DEVICE}</td><td>{@code auto}: a GPU when DJL sees one, else the CPU</td></tr>
 *   <tr><td>{@code SCOPE_DTYPE}</td><td>{@code float32}</td></tr>
 *   <tr><td>{@code SCOPE_DEMO}</td><td>off; {@code 1} builds the demo scope unless CLIP or the SAEs are named</td></tr>
 * </table>
 *
 * <pre>
 * jshell&gt; var scope = Scope.load(ScopeSpec.fromEnvironment());                 // as the notebooks do
 * jshell&gt; var spec = ScopeSpec.fromEnvironment().withLayers("2,blocks.5.hook_resid_post");
 * jshell&gt; ScopeSpec.fromEnvironment().withOptions(Map.of("layers", "2,5", "dtype", "float16"))   // as flags do
 * </pre>
 */
public record ScopeSpec(Source clip, Source saes, Layers layers, DeviceChoice device, WeightType dtype, boolean demo) {

    /** The settings that flags ({@code --clip}…) and variables ({@code SCOPE_CLIP}…) name. */
    public static final List<String> OPTIONS = List.of("clip", "saes", "layers", "device", "dtype");
    /** The variable that asks for the demo scope; the others are {@code SCOPE_} and an option's name. */
    public static final String DEMO_VARIABLE = "SCOPE_DEMO";
    /** The seed of the demo scope's random weights. */
    public static final long DEMO_SEED = 0;

    /** Real weights from {@code clip} and {@code saes}, listed layers (empty: all). */
    public ScopeSpec(Source clip, Source saes, List<Integer> layers, DeviceChoice device, WeightType dtype) {
        this(clip, saes, Layers.of(layers), device, dtype, false);
    }

    /** The published scope with every default, the environment ignored. */
    public static ScopeSpec defaults() {
        WeightSources w = WeightSources.defaults();
        return new ScopeSpec(w.clip(), w.saes(), Layers.DEEPEST, DeviceChoice.AUTO, WeightType.FLOAT32, false);
    }

    /** The defaults, each replaced by its {@code SCOPE_*} variable when that is set. */
    public static ScopeSpec fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Like {@link #fromEnvironment()}, from {@code env}; blank values count as unset. {@code SCOPE_DEMO} (set
     * by {@code ./scope demo} and {@code ./scope notebook} when no real weights are here) asks for the demo
     * scope only while neither {@code SCOPE_CLIP} nor {@code SCOPE_SAES} names real weights.
     */
    public static ScopeSpec fromEnvironment(Map<String, String> env) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            String value = env.get(variable(option));
            if (value != null && !value.isBlank()) {
                set.put(option, value.strip());
            }
        }
        return defaults().with(set, option -> variable(option) + "=" + set.get(option))
                .withDemo(isTrue(env.get(DEMO_VARIABLE)) && !set.containsKey("clip") && !set.containsKey("saes"));
    }

    /**
     * This spec with each setting of {@link #OPTIONS} that {@code options} holds (by that name, as a user typed
     * it) replaced; naming CLIP or the SAEs means real weights, so it turns the demo off. A bad value's message
     * names its flag.
     */
    public ScopeSpec withOptions(Map<String, String> options) {
        ScopeSpec spec = with(options, option -> "--" + option + " " + options.get(option));
        return options.containsKey("clip") || options.containsKey("saes") ? spec.withDemo(false) : spec;
    }

    public ScopeSpec withClip(Source clip) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    public ScopeSpec withSaes(Source saes) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    public ScopeSpec withLayers(Layers layers) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    /** Listed layers; an empty list means all of them. */
    public ScopeSpec withLayers(List<Integer> layers) {
        return withLayers(Layers.of(layers));
    }

    /** Layers as a user writes them: {@code 22}, {@code 2,5}, {@code all}, {@code blocks.22.hook_resid_post}… */
    public ScopeSpec withLayers(String layers) {
        return withLayers(Layers.parse(layers));
    }

    public ScopeSpec withDevice(DeviceChoice device) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    public ScopeSpec withDtype(WeightType dtype) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    /** The small random demo scope instead of real weights (see {@link Scope#demo(long)}). */
    public ScopeSpec withDemo(boolean demo) {
        return new ScopeSpec(clip, saes, layers, device, dtype, demo);
    }

    /** Whether {@code value} means yes: 1, true, yes or on. */
    public static boolean isTrue(String value) {
        return value != null && List.of("1", "true", "yes", "on").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code SCOPE_LAYERS} for {@code layers}: each option's variable. */
    private static String variable(String option) {
        return "SCOPE_" + option.toUpperCase(Locale.ROOT);
    }

    /** Each value parsed as its option's type; {@code where} says where a value came from, for messages. */
    private ScopeSpec with(Map<String, String> values, Function<String, String> where) {
        ScopeSpec spec = this;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            String w = where.apply(e.getKey());
            spec = switch (e.getKey()) {
                case "clip" -> spec.withClip(named(w, () -> Source.parse(v)));
                case "saes" -> spec.withSaes(named(w, () -> Source.parse(v)));
                case "layers" -> spec.withLayers(named(w, () -> Layers.parse(v)));
                case "device" -> spec.withDevice(named(w, () -> DeviceChoice.parse(v)));
                case "dtype" -> spec.withDtype(named(w, () -> WeightType.parse(v)));
                default -> throw new IllegalArgumentException("--" + e.getKey() + " is not a scope setting; the settings"
                        + " are " + String.join(", ", OPTIONS.stream().map(o -> "--" + o).toList()) + ".");
            };
        }
        return spec;
    }

    /** Prefixes a bad value's message with where it came from ({@code SCOPE_DEVICE=tpu}, {@code --device tpu}). */
    private static <T> T named(String where, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            boolean flagNamed = where.startsWith("--") && e.getMessage().startsWith(where.split(" ")[0]);
            throw new IllegalArgumentException(flagNamed ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }
}
