package dev.scope.kernel.session;

import java.util.List;

/** A parsed {@code %name args} (or {@code %%name args}) as written in the cell. */
record MagicCall(String name, List<String> args, String source) {

    MagicCall {
        args = List.copyOf(args);
    }
}
