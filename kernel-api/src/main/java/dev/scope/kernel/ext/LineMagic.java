package dev.scope.kernel.ext;

import java.util.List;

/** {@code %name arg1 arg2}: the value returned is what the magic expression evaluates to in Java. */
@FunctionalInterface
public interface LineMagic {

    Object eval(List<String> args, MagicContext context) throws Exception;
}
