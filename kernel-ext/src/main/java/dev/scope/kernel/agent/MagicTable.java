package dev.scope.kernel.agent;

import dev.scope.kernel.ext.CellMagic;
import dev.scope.kernel.ext.LineMagic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The extension magics installed in the agent, line and cell magics in two maps. */
final class MagicTable {

    record Described<M>(M magic, String help) {
    }

    private final Map<String, Described<LineMagic>> lineMagics = new ConcurrentHashMap<>();
    private final Map<String, Described<CellMagic>> cellMagics = new ConcurrentHashMap<>();

    void addLine(String name, String help, LineMagic magic) {
        lineMagics.put(MagicNames.require(name), new Described<>(magic, help));
    }

    void addCell(String name, String help, CellMagic magic) {
        cellMagics.put(MagicNames.require(name), new Described<>(magic, help));
    }

    LineMagic line(String name) {
        Described<LineMagic> entry = lineMagics.get(name);
        return entry == null ? null : entry.magic();
    }

    CellMagic cell(String name) {
        Described<CellMagic> entry = cellMagics.get(name);
        return entry == null ? null : entry.magic();
    }

    /** name, kind (line or cell) and help of each magic, sorted by name. */
    List<Map<String, String>> describe() {
        List<Map<String, String>> out = new ArrayList<>();
        new TreeMap<>(lineMagics).forEach((name, e) -> out.add(Map.of("name", name, "kind", "line", "help", e.help())));
        new TreeMap<>(cellMagics).forEach((name, e) -> out.add(Map.of("name", name, "kind", "cell", "help", e.help())));
        return out;
    }
}
