package dev.scope.engine.resid;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Seeded random weights in a storage type, for towers built without a download (benchmarks, the
 * demo scope): the same seed draws the same weights.
 */
public final class RandomWeights {
    private final NDManager manager;
    private final DataType storage;

    public RandomWeights(NDManager manager, DataType storage, long seed) {
        Engine.getEngine(manager.getEngine().getEngineName()).setRandomSeed((int) seed);
        this.manager = manager;
        this.storage = storage;
    }

    public NDArray normal(float std, long... shape) {
        NDArray drawn = manager.randomNormal(0f, std, new Shape(shape), DataType.FLOAT32);
        if (storage == DataType.FLOAT32) {
            return drawn;
        }
        // the float32 draw would otherwise stay in the tower's manager beside its narrowed copy
        NDArray narrowed = drawn.toType(storage, false);
        drawn.close();
        return narrowed;
    }

    public NDArray ones(long... shape) {
        return manager.ones(new Shape(shape), storage);
    }

    public NDArray zeros(long... shape) {
        return manager.zeros(new Shape(shape), storage);
    }

    /** A block scaled like a trained ViT's, so activations stay finite through many of them. */
    public EncoderBlock block(BlockShape s) {
        int width = s.width();
        int mlp = s.intermediateSize();
        float wStd = (float) (1 / Math.sqrt(width));
        return new EncoderBlock(s, ones(width), zeros(width),
                normal(wStd, 3L * width, width), zeros(3L * width),
                normal(wStd, width, width), zeros(width),
                ones(width), zeros(width),
                normal(wStd, mlp, width), zeros(mlp),
                normal((float) (1 / Math.sqrt(mlp)), width, mlp), zeros(width));
    }
}
