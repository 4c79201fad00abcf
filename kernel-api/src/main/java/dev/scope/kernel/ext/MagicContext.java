package dev.scope.kernel.ext;

import java.util.Optional;

/** What a running magic can see of the session. */
public interface MagicContext {

    /**
     * The current value of the session variable {@code name}. Only variables that the magic's own
     * arguments name are visible, e.g. {@code img} in {@code %scope forward img}.
     */
    Optional<Object> variable(String name);

    /** Like {@link #variable(String)}, but empty unless the value is an instance of {@code type}. */
    default <T> Optional<T> variable(String name, Class<T> type) {
        return variable(name).filter(type::isInstance).map(type::cast);
    }
}
