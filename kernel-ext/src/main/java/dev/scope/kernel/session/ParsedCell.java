package dev.scope.kernel.session;

import java.util.List;
import java.util.Optional;

/**
 * A cell after magic parsing: either a cell magic with its body, or Java source in which each
 * line magic was replaced by a placeholder identifier (see {@link MagicSyntax#placeholder(int)}).
 */
record ParsedCell(String java, List<MagicCall> lineMagics, Optional<MagicCall> cellMagic, String cellBody) {

    ParsedCell {
        lineMagics = List.copyOf(lineMagics);
    }
}
