package dev.scope.kernel.session;

import dev.scope.kernel.ext.MagicException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every magic the session knows: the kernel's built-ins, which run in the kernel, and proxies for extension
 * magics, which run in the agent. Line and cell magics are two maps.
 */
public final class SessionMagics {

    /** A line magic that runs in the kernel JVM. */
    @FunctionalInterface
    public interface Line {
        Object eval(List<String> args) throws Exception;
    }

    /** A cell magic that runs in the kernel JVM. */
    @FunctionalInterface
    public interface Cell {
        Object eval(List<String> args, String body) throws Exception;
    }

    private record Entry<M>(M magic, MagicInfo info) {
    }

    private final Map<String, Entry<Line>> lines = new ConcurrentHashMap<>();
    private final Map<String, Entry<Cell>> cells = new ConcurrentHashMap<>();

    public void addBuiltinLine(String name, String help, Line magic) {
        lines.put(name, new Entry<>(magic, new MagicInfo(name, false, help, true)));
    }

    public void addBuiltinCell(String name, String help, Cell magic) {
        cells.put(name, new Entry<>(magic, new MagicInfo(name, true, help, true)));
    }

    /** Registers proxies for the agent's magics; a built-in of the same name keeps precedence. */
    void addAgentMagics(List<MagicInfo> magics, AgentCalls calls) {
        for (MagicInfo info : magics) {
            if (info.cell()) {
                if (!isBuiltin(cells.get(info.name()))) {
                    cells.put(info.name(), new Entry<>((args, body) -> calls.runCell(info.name(), args, body), info));
                }
            } else if (!isBuiltin(lines.get(info.name()))) {
                lines.put(info.name(), new Entry<>(args -> calls.runLine(info.name(), args), info));
            }
        }
    }

    Object evalLine(String name, List<String> args) throws Exception {
        Entry<Line> entry = lines.get(name);
        if (entry == null) {
            throw new MagicException("Unknown line magic %" + name + "; %lsmagic lists the installed magics.");
        }
        return entry.magic().eval(args);
    }

    Object evalCell(String name, List<String> args, String body) throws Exception {
        Entry<Cell> entry = cells.get(name);
        if (entry == null) {
            throw new MagicException("Unknown cell magic %%" + name + "; %lsmagic lists the installed magics.");
        }
        return entry.magic().eval(args, body);
    }

    /** Line magics, then cell magics, each sorted by name. */
    public List<MagicInfo> list() {
        List<MagicInfo> all = new ArrayList<>(lines.values().stream().map(Entry::info).toList());
        all.sort(Comparator.comparing(MagicInfo::name));
        List<MagicInfo> cellInfo = new ArrayList<>(cells.values().stream().map(Entry::info).toList());
        cellInfo.sort(Comparator.comparing(MagicInfo::name));
        all.addAll(cellInfo);
        return all;
    }

    public Optional<MagicInfo> find(String name) {
        Entry<Line> line = lines.get(name);
        if (line != null) {
            return Optional.of(line.info());
        }
        return Optional.ofNullable(cells.get(name)).map(Entry::info);
    }

    private static boolean isBuiltin(Entry<?> entry) {
        return entry != null && entry.info().builtin();
    }
}
