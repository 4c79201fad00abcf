package dev.scope.magics;

import dev.scope.kernel.ext.MagicException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Reads the values of flags and positionals; each bad value is one sentence naming it and the fix. */
final class Values {

    private Values() {
    }

    /** {@code 22}, {@code 2,5} or {@code all}; empty means all. Sorted, without repeats. */
    static List<Integer> layers(String text, String flag) {
        if (text.equalsIgnoreCase("all")) {
            return List.of();
        }
        TreeSet<Integer> layers = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            Optional<Integer> layer = integer(part.strip());
            if (layer.isEmpty() || layer.get() < 0) {
                throw new MagicException(flag + " takes layer numbers like 22 or 2,5, or all, not '" + text + "'.");
            }
            layers.add(layer.get());
        }
        return List.copyOf(layers);
    }

    /** A whole number from {@code min} to {@code max}. */
    static int intIn(String text, String what, int min, int max) {
        Optional<Integer> value = integer(text.strip());
        if (value.isEmpty() || value.get() < min || value.get() > max) {
            throw new MagicException(what + " takes a whole number from " + min + " to " + max + ", not '" + text + "'.");
        }
        return value.get();
    }

    /** {@code 4242} or {@code 7,4242,9}: latent ids in the order given (range checked later, against the SAE). */
    static int[] latents(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Optional<Integer> id = integer(part.strip());
            if (id.isEmpty()) {
                throw new MagicException("'" + text + "' is not a latent id; write one like 4242, or several like 7,4242.");
            }
            ids.add(id.get());
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Like {@link #latents(String)}, but {@code text} may also name a session variable holding an int, an
     * {@code int[]} or a collection of ints, so notebooks can pass ids they computed: {@code %scope heatmap ids}.
     */
    static int[] latents(String text, dev.scope.kernel.ext.MagicContext context) {
        Optional<Object> variable = context.variable(text.strip());
        if (variable.isEmpty()) {
            return latents(text);
        }
        Object value = variable.get();
        if (value instanceof Integer id) {
            return new int[] {id};
        }
        if (value instanceof int[] ids && ids.length > 0) {
            return ids.clone();
        }
        if (value instanceof java.util.Collection<?> ids && !ids.isEmpty() && ids.stream().allMatch(Integer.class::isInstance)) {
            return ids.stream().mapToInt(id -> (Integer) id).toArray();
        }
        throw new MagicException("The variable " + text.strip() + " holds " + describe(value)
                + ", not latent ids; give it an int, an int[] or a List<Integer> of latent ids.");
    }

    /** One latent id, or a variable holding one. */
    static int latent(String text, dev.scope.kernel.ext.MagicContext context) {
        int[] ids = latents(text, context);
        if (ids.length != 1) {
            throw new MagicException("'" + text + "' names " + ids.length + " latents; give one latent id, like 4242.");
        }
        return ids[0];
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof int[] ids && ids.length == 0 || value instanceof java.util.Collection<?> c && c.isEmpty()) {
            return "no ids (it is empty)";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** The latent id itself, or a one-line error naming the SAE's range. */
    static int checkLatent(int latent, int layer, int nFeatures) {
        if (latent < 0 || latent >= nFeatures) {
            throw new MagicException("Latent " + latent + " is out of range; layer " + layer + "'s SAE has latents 0 to "
                    + (nFeatures - 1) + ".");
        }
        return latent;
    }

    /** A finite decimal number such as {@code 10}, {@code -2.5} or {@code 1e3}. */
    static float number(String text, String what) {
        try {
            float v = Float.parseFloat(text.strip());
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MagicException(what + " takes a number such as 10 or -2.5, not '" + text + "'.");
    }

    /** As {@link #number(String, String)}, or a variable holding a number. */
    static float number(String text, String what, dev.scope.kernel.ext.MagicContext context) {
        Optional<Object> variable = context.variable(text.strip());
        if (variable.isPresent()) {
            if (variable.get() instanceof Number n && Float.isFinite(n.floatValue())) {
                return n.floatValue();
            }
            throw new MagicException("The variable " + text.strip() + " holds " + describe(variable.get())
                    + ", not a number; give " + what + " a number such as 10 or -2.5.");
        }
        return number(text, what);
    }

    static Optional<Integer> integer(String text) {
        if (!text.matches("-?\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }
}
