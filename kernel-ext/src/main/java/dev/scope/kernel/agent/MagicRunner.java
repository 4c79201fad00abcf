package dev.scope.kernel.agent;

import dev.scope.kernel.ext.CellMagic;
import dev.scope.kernel.ext.LineMagic;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry points for the code the kernel generates from magic lines. A magic's value waits in a
 * numbered slot until the cell's own statement takes it, cast to the type reported back.
 */
public final class MagicRunner {

    private static final Map<Integer, Object> SLOTS = new ConcurrentHashMap<>();

    private MagicRunner() {
    }

    /** Runs {@code %name args}; {@code captures} alternates variable names and their values. */
    public static void line(int slot, String name, String[] args, Object... captures) throws Exception {
        LineMagic magic = Agent.state().magics().line(name);
        if (magic == null) {
            throw new MagicException("Unknown line magic %" + name + "; %lsmagic lists the installed magics.");
        }
        store(slot, magic.eval(List.of(args), context(captures)));
    }

    public static void cell(int slot, String name, String[] args, String body, Object... captures) throws Exception {
        CellMagic magic = Agent.state().magics().cell(name);
        if (magic == null) {
            throw new MagicException("Unknown cell magic %%" + name + "; %lsmagic lists the installed magics.");
        }
        store(slot, magic.eval(List.of(args), body, context(captures)));
    }

    public static Object take(int slot) {
        return SLOTS.remove(slot);
    }

    private static void store(int slot, Object value) {
        if (value != null) {
            SLOTS.put(slot, value);
        }
        Agent.state().frames().reply(value == null ? null : TypeNames.castable(value.getClass()));
    }

    private static MagicContext context(Object[] captures) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i + 1 < captures.length; i += 2) {
            variables.put((String) captures[i], captures[i + 1]);
        }
        return name -> Optional.ofNullable(variables.get(name));
    }
}
