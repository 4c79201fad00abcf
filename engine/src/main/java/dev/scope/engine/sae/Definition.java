package dev.scope.engine.sae;

/**
 * One figure the scope reports: its key (as in {@code ./scope eval}'s JSON), its name, its definition in one line,
 * and whether the model card publishes it. The figures' classes list theirs ({@link ReconstructionMetrics#DEFINITIONS},
 * {@code SubstitutionCost.DEFINITIONS}); views, the report and the README print these lines.
 */
public record Definition(String key, String name, String definition, boolean onCard) {
}
