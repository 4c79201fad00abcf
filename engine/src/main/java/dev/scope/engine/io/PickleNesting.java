package dev.scope.engine.io;

import dev.scope.engine.limits.Limit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How deep an unpickled object nests, measured once it is built and before anything walks it: Java's
 * {@code toString}, {@code hashCode} and this project's own walks recurse, so a 100,000-deep list or a
 * list inside itself must be refused first. Pyrolite builds objects on an explicit stack, so the
 * unpickling itself never recursed.
 */
final class PickleNesting {
    private PickleNesting() {
    }

    /**
     * Refuses a result that nests deeper than {@code limit} or holds a container inside itself, walking it
     * once without recursion (shared parts are measured once).
     */
    static void check(Object root, long limit) {
        if (children(root) == null) {
            return;
        }
        Map<Object, Long> heights = new IdentityHashMap<>();
        Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Level> path = new ArrayDeque<>();
        path.push(new Level(root, children(root)));
        onPath.add(root);
        while (!path.isEmpty()) {
            Level level = path.peek();
            if (!level.children.hasNext()) {
                path.pop();
                onPath.remove(level.node);
                heights.put(level.node, level.height);
                if (!path.isEmpty()) {
                    path.peek().height = Math.max(path.peek().height, level.height + 1);
                }
                continue;
            }
            Object child = level.children.next();
            Iterator<Object> grandchildren = children(child);
            if (grandchildren == null) {
                continue;
            }
            if (onPath.contains(child)) {
                throw new WeightsOnlyUnpickler.Malformed("has a " + WeightsOnlyUnpickler.describe(child)
                        + " that contains itself, which a checkpoint of tensors never does");
            }
            Long known = heights.get(child);
            long depth = path.size() + (known == null ? 1 : known);
            if (depth > limit) {
                Limit.NESTING_DEPTH.check(depth, limit, "nests lists, dicts or tuples at least %s deep");
            }
            if (known != null) {
                level.height = Math.max(level.height, known + 1);
            } else {
                path.push(new Level(child, grandchildren));
                onPath.add(child);
            }
        }
    }

    /** One container on the path being walked, and the height (in containers) found below it so far. */
    private static final class Level {
        final Object node;
        final Iterator<Object> children;
        long height = 1;

        Level(Object node, Iterator<Object> children) {
            this.node = node;
            this.children = children;
        }
    }

    /** The values a container holds (a dict's keys and values), or null for anything else. */
    private static Iterator<Object> children(Object o) {
        if (o instanceof Map<?, ?> map) {
            return map.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).iterator();
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(x -> (Object) x).iterator();
        }
        if (o instanceof Object[] tuple) {
            return Arrays.asList(tuple).iterator();
        }
        return null;
    }

}
