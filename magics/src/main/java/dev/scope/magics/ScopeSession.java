package dev.scope.magics;

import dev.scope.engine.Layers;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.scan.LatentCache;
import dev.scope.kernel.ext.MagicException;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the {@code %scope} subcommands share within one notebook session: the loaded scope, the last forward
 * result (for latents, heatmap and metrics), and {@code top}'s latent cache for that scope.
 */
final class ScopeSession {

    private Scope scope;
    private ScopeResult last;
    private LatentCache cache = new LatentCache();
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
        cache = new LatentCache();
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
    synchronized dev.scope.index.ActivationIndex requireIndex(Optional<java.nio.file.Path> db) {
        if (db.isPresent()) {
            java.nio.file.Path path = db.get().toAbsolutePath().normalize();
            return index != null && index.path().equals(path) ? index : openIndex(path);
        }
        if (index == null) {
            throw new MagicException("No index is open; build one with %scope index --images DIR --db FILE, or open one"
                    + " with --db FILE.");
        }
        return index;
    }

    synchronized LatentCache cache() {
        return cache;
    }

    /** A loaded layer: the one named (any spelling), or else the deepest. */
    synchronized int scopeLayer(Optional<String> asked) {
        return pick(asked, requireScope().layers(), Layers.LOADED);
    }

    /** Loaded layers: those named ({@code 2,5}, {@code all}…), or else all of them. */
    synchronized SortedSet<Integer> scopeLayers(Optional<String> asked) {
        return EngineCalls.call(() -> requireScope().layers(Layers.parse(asked.orElse("all"))));
    }

    /** A layer of the last forward result: the one named, or else its deepest. */
    synchronized int resultLayer(Optional<String> asked) {
        return pick(asked, new TreeSet<>(requireResult().layers()), Layers.IN_RESULT);
    }

    private static int pick(Optional<String> asked, SortedSet<Integer> available, String among) {
        return EngineCalls.call(() -> asked.isEmpty() ? available.last()
                : Layers.require(Layers.parseOne(asked.get()), available, among));
    }
}
