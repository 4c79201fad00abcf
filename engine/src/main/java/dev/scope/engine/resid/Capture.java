package dev.scope.engine.resid;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a forward pass keeps: the resid output of some blocks, and optionally the embeddings
 * ({@code hidden_states[0]}) and the pooled output with the image embedding. The pass stops after the
 * last block it needs.
 */
public record Capture(SortedSet<Integer> blocks, boolean embeddings, boolean pooled) {

    public Capture {
        blocks = Collections.unmodifiableSortedSet(new TreeSet<>(blocks));
    }

    public static Capture blocks(Collection<Integer> blocks) {
        return new Capture(new TreeSet<>(blocks), false, false);
    }

    public static Capture blocks(Integer... blocks) {
        return blocks(java.util.List.of(blocks));
    }

    public Capture withEmbeddings() {
        return new Capture(blocks, true, pooled);
    }

    public Capture withPooled() {
        return new Capture(blocks, embeddings, true);
    }

    /** Number of encoder blocks to run, given the tower's depth. */
    int blocksToRun(int depth) {
        if (pooled) {
            return depth;
        }
        return blocks.isEmpty() ? 0 : blocks.last() + 1;
    }
}
