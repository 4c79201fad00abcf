package dev.scope.kernel.testkit;

import dev.scope.kernel.session.CellOutcome;

import java.util.List;

/**
 * Everything one cell (or comm listener) produced; {@code clears} holds the wait flag of each clearOutput call and
 * {@code prompts} the prompt of each input request, in order.
 */
public record CellResult(CellOutcome outcome, String stdout, String stderr, List<DisplayEvent> displays,
                         List<Boolean> clears, List<String> prompts) {

    public CellResult {
        displays = List.copyOf(displays);
        clears = List.copyOf(clears);
        prompts = List.copyOf(prompts);
    }
}
