package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The few operations both towers build on, on weights that may be stored narrower than float32:
 * LayerNorm, a linear map, the MLP activation, and the widening itself.
 */
public final class TowerOps {
    private TowerOps() {
    }

    /** LayerNorm over the last dimension. */
    public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), f32(weight, x), f32(bias, x), (float) eps)
                .singletonOrThrow();
    }

    /** {@code x · weightᵀ + bias}, weight laid out [out, in] as transformers stores it. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, f32(weight, x), f32(bias, x)).singletonOrThrow();
    }

    public static NDArray activate(NDArray x, VisionConfig.Activation activation) {
        return switch (activation) {
            case GELU -> Activation.gelu(x);
            case QUICK_GELU -> x.mul(Activation.sigmoid(x.mul(1.702f)));
        };
    }

    /**
     * Widens a stored weight for float32 compute, owned by the scope of {@code user} so it is freed with
     * that scope; float32 weights pass through untouched.
     */
    public static NDArray f32(NDArray w, NDArray user) {
        if (w.getDataType() == DataType.FLOAT32) {
            return w;
        }
        NDArray wide = w.toType(DataType.FLOAT32, false);
        wide.attach(user.getManager());
        return wide;
    }
}
