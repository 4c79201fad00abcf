package dev.scope.kernel.session;

import dev.scope.kernel.ext.MimeBundle;

import java.util.Optional;

/** How a cell ended: with a value to show, with nothing to show, or with an error. */
public sealed interface CellOutcome {

    record Value(MimeBundle bundle) implements CellOutcome {
    }

    record Nothing() implements CellOutcome {
    }

    record Failed(CellError error) implements CellOutcome {
    }

    default Optional<MimeBundle> shownValue() {
        return this instanceof Value v ? Optional.of(v.bundle()) : Optional.empty();
    }

    default Optional<CellError> failure() {
        return this instanceof Failed f ? Optional.of(f.error()) : Optional.empty();
    }
}
