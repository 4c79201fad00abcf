package dev.scope.kernel.ext;

import java.util.List;

/** {@code %%name args} on a cell's first line; the rest of the cell is the body. */
@FunctionalInterface
public interface CellMagic {

    Object eval(List<String> args, String body, MagicContext context) throws Exception;
}
