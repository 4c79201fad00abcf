package dev.scope.kernel.agent;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The most useful type that generated code may name in a cast, so that
 * {@code var r = %magic ...} gets the magic result's real type rather than Object. When the class
 * itself cannot be named (e.g. {@code List.of(...)}'s private class) a nearby public type stands
 * in: a concrete class first, then an interface such as List, then an abstract class.
 */
final class TypeNames {

    private static final Set<Class<?>> MARKERS = Set.of(java.io.Serializable.class, Cloneable.class,
            java.util.RandomAccess.class, Comparable.class, java.lang.constant.Constable.class,
            java.lang.constant.ConstantDesc.class);

    private TypeNames() {
    }

    static String castable(Class<?> type) {
        if (nameable(type)) {
            return type.getCanonicalName();
        }
        List<Class<?>> supertypes = supertypesNearestFirst(type);
        for (int rank = 0; rank < 3; rank++) {
            for (Class<?> candidate : supertypes) {
                if (rank(candidate) == rank && nameable(candidate)) {
                    return candidate.getCanonicalName();
                }
            }
        }
        return "Object";
    }

    /** 0: concrete class, 1: interface, 2: abstract class; markers and Object are never chosen. */
    private static int rank(Class<?> type) {
        if (MARKERS.contains(type) || type == Object.class) {
            return -1;
        }
        if (type.isInterface()) {
            return 1;
        }
        return Modifier.isAbstract(type.getModifiers()) ? 2 : 0;
    }

    private static List<Class<?>> supertypesNearestFirst(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (next != type && !seen.add(next)) {
                continue;
            }
            if (next.getSuperclass() != null) {
                queue.add(next.getSuperclass());
            }
            queue.addAll(List.of(next.getInterfaces()));
        }
        return new ArrayList<>(seen);
    }

    private static boolean nameable(Class<?> type) {
        if (type.isArray()) {
            return nameable(type.getComponentType());
        }
        if (type.isPrimitive()) {
            return true;
        }
        if (type.isAnonymousClass() || type.isLocalClass() || type.isHidden() || type.getCanonicalName() == null) {
            return false;
        }
        // classes declared in cells live in JShell's wrapper package and are named differently there
        if (type.getPackageName().equals("REPL")) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return type.getModule().isExported(type.getPackageName());
    }
}
