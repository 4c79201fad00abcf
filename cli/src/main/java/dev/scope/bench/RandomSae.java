package dev.scope.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.RowMajor;
import dev.scope.engine.sae.TopKSae;

/** A TopK SAE with seeded random weights (unit-norm enc columns, dec = encᵀ), built in memory in its storage type. */
final class RandomSae {
    private RandomSae() {
    }

    /** Narrows enc before dec is copied from it, so a float16 SAE never holds two float32 matrices at once. */
    static TopKSae build(NDManager parent, int dIn, int features, int k, DataType storage, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager tmp = parent.newSubManager()) {
            NDArray drawn = tmp.randomNormal(new Shape(dIn, features));
            NDArray enc = drawn.div(drawn.norm(new int[] {0}, true));
            drawn.close();
            if (storage != DataType.FLOAT32) {
                NDArray narrowed = enc.toType(storage, false);
                enc.close();
                enc = narrowed;
            }
            NDArray dec = RowMajor.copyOf(enc.transpose());
            NDArray preB = tmp.randomNormal(0f, 0.1f, new Shape(dIn), DataType.FLOAT32);
            return TopKSae.of(parent, k, preB, enc, dec, storage);
        }
    }
}
