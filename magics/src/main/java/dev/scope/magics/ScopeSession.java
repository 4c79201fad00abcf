package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.kernel.ext.MagicException;

import java.util.List;
import java.util.Optional;

/**
 * What the {@code %scope} subcommands share within one notebook session: the loaded scope, the last forward
 * result (for latents, heatmap and metrics), and the per-folder activation cache of {@code top}.
 */
final class ScopeSession {

    private Scope scope;
    private ScopeResult last;
    private final ActivationCache cache = new ActivationCache();
    private dev.scope.index.ActivationIndex index;

    synchronized Scope requireScope() {
        if (scope == null) {
            throw new MagicException("No scope is loaded; run %scope load first (or %scope load --demo for a small"
                    + " random one that needs no download).");
        }
        return scope;
    }

    synchronized Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }

    /** Replaces the loaded scope, closing the old one; results and caches of the old one are dropped. */
    synchronized void replaceScope(Scope next) {
        Scope old = scope;
        scope = next;
        last = null;
        cache.clear();
        if (old != null && old != next) {
            old.close();
        }
    }

    synchronized void remember(ScopeResult result) {
        last = result;
    }

    synchronized Optional<ScopeResult> lastResult() {
        return Optional.ofNullable(last);
    }

    synchronized ScopeResult requireResult() {
        requireScope();
        if (last == null) {
            throw new MagicException("There is no forward result yet; run %scope forward <image> first,"
                    + " e.g. %scope forward black.");
        }
        return last;
    }

    /** Opens {@code db} as the session's index (read-only), closing the one open before. */
    synchronized dev.scope.index.ActivationIndex openIndex(java.nio.file.Path db) {
        dev.scope.index.ActivationIndex next = EngineCalls.call(() -> dev.scope.index.ActivationIndex.open(db));
        closeIndex();
        index = next;
        return index;
    }

    synchronized void closeIndex() {
        if (index != null) {
            index.close();
            index = null;
        }
    }

    synchronized Optional<dev.scope.index.ActivationIndex> index() {
        return Optional.ofNullable(index);
    }

    /** The index {@code --db} names (opened now), else the one open, else one sentence saying how to get one. */
    synchronized dev.scope.index.ActivationIndex requireIndex(Optional<String> db) {
        if (db.isPresent()) {
            java.nio.file.Path path = java.nio.file.Path.of(db.get()).toAbsolutePath().normalize();
            return index != null && index.path().equals(path) ? index : openIndex(path);
        }
        if (index == null) {
            throw new MagicException("No index is open; build one with %scope index --images DIR --db FILE, or open one"
                    + " with --db FILE.");
        }
        return index;
    }

    ActivationCache cache() {
        return cache;
    }

    /** A layer of the scope: the one asked for, which must be loaded, or else the deepest loaded layer. */
    synchronized int scopeLayer(Optional<String> asked) {
        List<Integer> loaded = List.copyOf(requireScope().layers());
        if (asked.isEmpty()) {
            return loaded.get(loaded.size() - 1);
        }
        int layer = Values.intIn(asked.get(), "--layer", 0, Integer.MAX_VALUE);
        if (!loaded.contains(layer)) {
            throw notLoaded(layer, loaded);
        }
        return layer;
    }

    /** Layers asked of the scope ({@code 2,5} or {@code all}); all of them must be loaded. */
    synchronized List<Integer> scopeLayers(Optional<String> asked) {
        List<Integer> loaded = List.copyOf(requireScope().layers());
        List<Integer> layers = asked.map(text -> Values.layers(text, "--layers")).orElse(List.of());
        if (layers.isEmpty()) {
            return loaded;
        }
        for (int layer : layers) {
            if (!loaded.contains(layer)) {
                throw notLoaded(layer, loaded);
            }
        }
        return layers;
    }

    /** A layer of the last forward result: the one asked for, or else its deepest layer. */
    synchronized int resultLayer(Optional<String> asked) {
        ScopeResult result = requireResult();
        List<Integer> layers = result.layers();
        if (asked.isEmpty()) {
            return layers.get(layers.size() - 1);
        }
        int layer = Values.intIn(asked.get(), "--layer", 0, Integer.MAX_VALUE);
        if (!layers.contains(layer)) {
            boolean loaded = scope.layers().contains(layer);
            throw new MagicException("Layer " + layer + " is not in the last forward result, which has layers " + layers
                    + (loaded ? "; run %scope forward <image> --layers " + layer + " first."
                    : "; it is not loaded either: run %scope load --layers " + withLayer(layer, scope.layers())
                    + ", then %scope forward again."));
        }
        return layer;
    }

    private static MagicException notLoaded(int layer, List<Integer> loaded) {
        return new MagicException("Layer " + layer + " is not loaded; the loaded layers are " + loaded
                + "; run %scope load --layers " + withLayer(layer, loaded) + " (or --layers all) to have it.");
    }

    private static String withLayer(int layer, java.util.Collection<Integer> loaded) {
        java.util.TreeSet<Integer> layers = new java.util.TreeSet<>(loaded);
        layers.add(layer);
        return String.join(",", layers.stream().map(String::valueOf).toList());
    }
}
