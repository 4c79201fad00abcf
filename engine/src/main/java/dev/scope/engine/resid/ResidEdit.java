package dev.scope.engine.resid;

import dev.scope.engine.Matrix;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A change to the residual stream at the output of some blocks, made before the next block reads it:
 * how interventions reach into a forward pass.
 */
public interface ResidEdit {
    ResidEdit NONE = new ResidEdit() {
        @Override
        public SortedSet<Integer> blocks() {
            return Collections.emptySortedSet();
        }

        @Override
        public Matrix apply(int block, Matrix resid) {
            return resid;
        }
    };

    /** The blocks after which {@link #apply} is called. */
    SortedSet<Integer> blocks();

    /**
     * The residual stream to carry on with after {@code block}, given the one the block made:
     * (batch·tokens, width), image by image, CLS first.
     */
    Matrix apply(int block, Matrix resid);

    /** An edit at one block. */
    static ResidEdit at(int block, java.util.function.UnaryOperator<Matrix> change) {
        SortedSet<Integer> only = Collections.unmodifiableSortedSet(new TreeSet<>(java.util.List.of(block)));
        return new ResidEdit() {
            @Override
            public SortedSet<Integer> blocks() {
                return only;
            }

            @Override
            public Matrix apply(int b, Matrix resid) {
                return b == block ? change.apply(resid) : resid;
            }
        };
    }
}
