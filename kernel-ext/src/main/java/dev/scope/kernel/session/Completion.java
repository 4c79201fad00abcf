package dev.scope.kernel.session;

import java.util.List;

/** Candidates that replace the cell text between {@code start} and {@code end}. */
public record Completion(int start, int end, List<String> candidates) {

    public Completion {
        candidates = List.copyOf(candidates);
    }
}
