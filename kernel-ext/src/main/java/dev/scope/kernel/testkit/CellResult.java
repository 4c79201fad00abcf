package dev.scope.kernel.testkit;

import dev.scope.kernel.session.CellOutcome;

import java.util.List;

/** Everything one cell produced. */
public record CellResult(CellOutcome outcome, String stdout, String stderr, List<DisplayEvent> displays) {

    public CellResult {
        displays = List.copyOf(displays);
    }
}
