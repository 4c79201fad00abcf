package dev.scope.kernel.agent;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The most specific type that generated code may name in a cast, so that
 * {@code var r = %magic ...} gets the magic result's real type rather than Object.
 */
final class TypeNames {

    private TypeNames() {
    }

    static String castable(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (nameable(c)) {
                // a hidden class under a public skeleton (List.of(...) is an AbstractCollection) is better named
                // by an interface the skeleton lacks (List), so that 'List<X> x = %magic' compiles
                String lost = c == type ? null : lostInterface(type, c);
                return lost != null ? lost : c.getCanonicalName();
            }
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.addAll(List.of(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (nameable(next)) {
                return next.getCanonicalName();
            }
            queue.addAll(List.of(next.getInterfaces()));
        }
        return "Object";
    }

    /**
     * The first nameable interface of the classes from {@code type} up to {@code named} that {@code named} lacks,
     * leaving out marker interfaces without methods (Serializable, RandomAccess).
     */
    private static String lostInterface(Class<?> type, Class<?> named) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c = type; c != named; c = c.getSuperclass()) {
            queue.addAll(List.of(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (!next.isAssignableFrom(named) && next.getMethods().length > 0 && nameable(next)) {
                return next.getCanonicalName();
            }
            queue.addAll(List.of(next.getInterfaces()));
        }
        return null;
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
