package dev.scope.kernel.magic;

import dev.scope.kernel.session.MagicInfo;
import dev.scope.kernel.session.SessionMagics;

import java.util.List;
import java.util.stream.Collectors;

/** {@code %lsmagic}: the names of all installed line and cell magics. */
final class LsmagicMagic implements SessionMagics.Line {

    private final SessionMagics magics;

    LsmagicMagic(SessionMagics magics) {
        this.magics = magics;
    }

    @Override
    public String eval(List<String> args) {
        List<MagicInfo> all = magics.list();
        String lines = all.stream().filter(m -> !m.cell()).map(MagicInfo::usage).collect(Collectors.joining("  "));
        String cells = all.stream().filter(MagicInfo::cell).map(MagicInfo::usage).collect(Collectors.joining("  "));
        return "Line magics: " + (lines.isEmpty() ? "(none)" : lines) + "\n"
                + "Cell magics: " + (cells.isEmpty() ? "(none)" : cells);
    }
}
