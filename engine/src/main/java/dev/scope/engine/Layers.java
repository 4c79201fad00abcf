package dev.scope.engine;

import dev.scope.engine.resid.HookPoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which layers to load or run: the deepest one the SAEs offer (the default everywhere: 22 for the
 * published scope), all of them, or a list. Each listed layer may be written in any spelling
 * {@link HookPoint} reads. {@link #require} is the one check of a named layer against the layers at
 * hand, with the one message a user sees wherever a layer is named.
 *
 * <pre>
 * jshell&gt; Layers.parse("2,blocks.5.hook_resid_post")     // Listed[layers=[2, 5]]
 * jshell&gt; Layers.parse("(22,'resid')")                   // Listed[layers=[22]]
 * jshell&gt; Layers.parse("all").pick(scope.layers(), Layers.LOADED)
 * </pre>
 */
public sealed interface Layers permits Layers.Deepest, Layers.All, Layers.Listed {

    /** The default: the deepest layer there is. */
    Layers DEEPEST = new Deepest();
    Layers ALL = new All();

    /** The set {@link #require} names for a scope's layers. */
    String LOADED = "the loaded layers";
    /** The set {@link #require} names for a result's layers. */
    String IN_RESULT = "the layers of this result";

    /** How {@link #parse} reads its text, for help lines. */
    String SYNTAX = "deepest (the default), all, or layers like 22 or 2,5 (also 22_resid, (22,'resid'),"
            + " blocks.22.hook_resid_post)";

    record Deepest() implements Layers {
        @Override
        public SortedSet<Integer> pick(SortedSet<Integer> available, String among) {
            requireAny(available, among);
            return Collections.unmodifiableSortedSet(new TreeSet<>(List.of(available.last())));
        }

        @Override
        public String toString() {
            return "deepest";
        }
    }

    record All() implements Layers {
        @Override
        public SortedSet<Integer> pick(SortedSet<Integer> available, String among) {
            requireAny(available, among);
            return Collections.unmodifiableSortedSet(new TreeSet<>(available));
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    record Listed(SortedSet<Integer> layers) implements Layers {
        public Listed {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("No layers were listed; name at least one, or use all.");
            }
            layers = Collections.unmodifiableSortedSet(new TreeSet<>(layers));
        }

        @Override
        public SortedSet<Integer> pick(SortedSet<Integer> available, String among) {
            for (int layer : layers) {
                require(layer, available, among);
            }
            return layers;
        }

        @Override
        public String toString() {
            return String.join(",", layers.stream().map(String::valueOf).toList());
        }
    }

    /** These layers out of {@code available}; each listed one must be there ({@code among} names the set). */
    SortedSet<Integer> pick(SortedSet<Integer> available, String among);

    /** A list of layers; an empty one means all (as {@code ScopeSpec.withLayers(List.of())} always did). */
    static Layers of(Collection<Integer> layers) {
        return layers.isEmpty() ? ALL : new Listed(new TreeSet<>(layers));
    }

    static Layers of(Integer... layers) {
        return of(List.of(layers));
    }

    /**
     * {@code deepest}, {@code all}, or a comma-separated list of layer names; commas inside parentheses
     * belong to a name, so {@code (2,'resid'),(5,'resid')} is two layers.
     */
    static Layers parse(String text) {
        String t = text == null ? "" : text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "all":
                return ALL;
            case "deepest":
                return DEEPEST;
            default:
                break;
        }
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : splitNames(t)) {
            try {
                layers.add(HookPoint.parse(name).block());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' does not name layers; give " + SYNTAX + ".");
            }
        }
        return new Listed(layers);
    }

    /** One layer name in any spelling. */
    static int parseOne(String name) {
        return HookPoint.parse(name).block();
    }

    /**
     * {@code layer} itself when {@code available} holds it; otherwise the one message for a layer that
     * is not there: "Layer 8 is not among the loaded layers [22]; pick one of those, or load the scope
     * with it (--layers 8,22, or all)." The advice to load it again is left out where loading cannot
     * help ({@code among} then names the SAE source or the tower's blocks).
     *
     * @param among names the set, e.g. {@link #LOADED} or "the layers of this result"
     */
    static int require(int layer, SortedSet<Integer> available, String among) {
        if (!available.contains(layer)) {
            TreeSet<Integer> with = new TreeSet<>(available);
            with.add(layer);
            boolean loadable = among.equals(LOADED) || among.equals(IN_RESULT);
            throw new IllegalArgumentException("Layer " + layer + " is not among " + among + " " + describe(available)
                    + "; pick one of those" + (loadable ? ", or load the scope with it (--layers "
                    + String.join(",", with.stream().map(String::valueOf).toList()) + ", or all)" : "") + ".");
        }
        return layer;
    }

    private static void requireAny(SortedSet<Integer> available, String among) {
        if (available.isEmpty()) {
            throw new IllegalArgumentException("There are no layers: " + among + " are none.");
        }
    }

    /** [2, 5, 8] or, for a long run like the blocks of a tower, 0–23. */
    private static String describe(SortedSet<Integer> layers) {
        if (layers.size() > 4 && layers.last() - layers.first() + 1 == layers.size()) {
            return layers.first() + "–" + layers.last();
        }
        return layers.toString();
    }

    private static List<String> splitNames(String text) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                names.add(text.substring(start, i));
                start = i + 1;
            }
        }
        names.add(text.substring(start));
        return names;
    }
}
