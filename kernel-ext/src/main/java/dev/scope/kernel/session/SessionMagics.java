package dev.scope.kernel.session;

import dev.scope.kernel.ext.MagicException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every magic the session knows, dispatched through JJava's {@link MagicsRegistry}: the kernel's
 * built-ins, which run in the kernel, and proxies for extension magics, which run in the agent.
 */
public final class SessionMagics {

    private final MagicsRegistry registry;
    private final Map<String, MagicInfo> lineInfo = new ConcurrentHashMap<>();
    private final Map<String, MagicInfo> cellInfo = new ConcurrentHashMap<>();

    public SessionMagics(MagicsRegistry registry) {
        this.registry = registry;
    }

    public void addBuiltinLine(String name, String help, LineMagic<?, ?> magic) {
        registry.registerLineMagic(name, magic);
        lineInfo.put(name, new MagicInfo(name, false, help, true));
    }

    public void addBuiltinCell(String name, String help, CellMagic<?, ?> magic) {
        registry.registerCellMagic(name, magic);
        cellInfo.put(name, new MagicInfo(name, true, help, true));
    }

    /** Registers proxies for the agent's magics; a built-in of the same name keeps precedence. */
    void addAgentMagics(List<MagicInfo> magics, AgentCalls calls) {
        for (MagicInfo info : magics) {
            Map<String, MagicInfo> infos = info.cell() ? cellInfo : lineInfo;
            MagicInfo existing = infos.get(info.name());
            if (existing != null && existing.builtin()) {
                continue;
            }
            AgentMagicProxy proxy = new AgentMagicProxy(info.name(), calls);
            if (info.cell()) {
                registry.registerCellMagic(info.name(), proxy);
            } else {
                registry.registerLineMagic(info.name(), proxy);
            }
            infos.put(info.name(), info);
        }
    }

    Object evalLine(String name, List<String> args) throws Exception {
        try {
            return registry.<Object, BaseKernel>evalLineMagic(null, name, args);
        } catch (UndefinedMagicException e) {
            throw new MagicException("Unknown line magic %" + name + "; %lsmagic lists the installed magics.");
        }
    }

    Object evalCell(String name, List<String> args, String body) throws Exception {
        try {
            return registry.<Object, BaseKernel>evalCellMagic(null, name, args, body);
        } catch (UndefinedMagicException e) {
            throw new MagicException("Unknown cell magic %%" + name + "; %lsmagic lists the installed magics.");
        }
    }

    /** Line magics, then cell magics, each sorted by name. */
    public List<MagicInfo> list() {
        List<MagicInfo> all = new ArrayList<>(lineInfo.values());
        all.sort(Comparator.comparing(MagicInfo::name));
        List<MagicInfo> cells = new ArrayList<>(cellInfo.values());
        cells.sort(Comparator.comparing(MagicInfo::name));
        all.addAll(cells);
        return all;
    }

    public Optional<MagicInfo> find(String name) {
        return Optional.ofNullable(lineInfo.get(name)).or(() -> Optional.ofNullable(cellInfo.get(name)));
    }
}
