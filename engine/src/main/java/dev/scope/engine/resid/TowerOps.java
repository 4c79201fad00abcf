package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.scope.engine.MatrixProduct;

/**
 * The few operations both towers build on, on weights that may be stored narrower than float32:
 * LayerNorm, a linear map, the MLP activation, and the conversions. Each computes in the type of its
 * input: float32, or float16 where a tower runs in half on a GPU ({@link dev.scope.engine.ComputeType}).
 */
public final class TowerOps {
    private TowerOps() {
    }

    /** LayerNorm over the last dimension. */
    public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), typed(weight, x), typed(bias, x), (float) eps)
                .singletonOrThrow();
    }

    /**
     * {@code x · weightᵀ + bias}, weight laid out [out, in] as transformers stores it: in float32 on the CPU
     * on the faster of the engine's matrix libraries ({@link MatrixProduct#linear}), else through Linear.
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDArray w = typed(weight, x);
        NDArray b = typed(bias, x);
        if (x.getDevice().isGpu() || x.getDataType() != DataType.FLOAT32) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
        return MatrixProduct.linear(x, w, b);
    }

    public static NDArray activate(NDArray x, VisionConfig.Activation activation) {
        return switch (activation) {
            case GELU -> Activation.gelu(x);
            case QUICK_GELU -> x.mul(Activation.sigmoid(x.mul(1.702f)));
        };
    }

    /**
     * A stored weight in the type {@code user} computes in (widened when stored as float16 for float32
     * compute), owned by the scope of {@code user} so it is freed with that scope; a weight already of that
     * type passes through untouched.
     */
    public static NDArray typed(NDArray w, NDArray user) {
        if (w.getDataType() == user.getDataType()) {
            return w;
        }
        NDArray converted = w.toType(user.getDataType(), false);
        converted.attach(user.getManager());
        return converted;
    }

    /** A result copied into Java memory as float32, whatever type it was computed in. */
    public static float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
