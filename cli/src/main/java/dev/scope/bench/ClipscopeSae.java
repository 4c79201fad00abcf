package dev.scope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scope.engine.Matrix;
import dev.scope.engine.sae.SaeOutput;

/**
 * The baseline: clipscope's TopK SAE {@code forward_verbose} as its PyTorch code does it, op for op on
 * the same engine: {@code pre = (x − pre_b) @ enc}, {@code topk}, the dense latent by
 * {@code zeros.scatter}, and the dense decode {@code latent @ dec + pre_b}. Float32, as clipscope runs.
 */
final class ClipscopeSae implements AutoCloseable {
    private final NDManager manager;
    private final int k;
    private final int nFeatures;
    private final int dIn;
    private final NDArray preB;
    private final NDArray enc;
    private final NDArray dec;

    /** Takes ownership of the three weight arrays. */
    ClipscopeSae(NDManager parent, int k, NDArray preB, NDArray enc, NDArray dec) {
        this.manager = parent.newSubManager();
        this.k = k;
        this.preB = own(preB);
        this.enc = own(enc);
        this.dec = own(dec);
        this.dIn = (int) enc.getShape().get(0);
        this.nFeatures = (int) enc.getShape().get(1);
    }

    private NDArray own(NDArray a) {
        a.attach(manager);
        return a;
    }

    /** {@code forward_verbose}: the kept (id, value) pairs and the reconstruction, copied out as ours are. */
    SaeOutput forwardVerbose(Matrix x) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = scope.create(x.data(), new Shape(x.rows(), x.cols()));
            NDList top = in.sub(preB).matMul(enc).topK(k, 1, true, true);
            top.attach(scope);
            NDArray latent = scope.zeros(new Shape(x.rows(), nFeatures)).scatter(top.get(1), top.get(0), 1);
            NDArray reconstruction = latent.matMul(dec).add(preB);
            return new SaeOutput(x.rows(), k, nFeatures, top.get(1).toType(DataType.INT32, false).toIntArray(),
                    top.get(0).toFloatArray(), new Matrix(x.rows(), dIn, reconstruction.toFloatArray()));
        }
    }

    /** The dense decode alone: the latent scattered from (id, value) pairs, then {@code latent @ dec + pre_b}. */
    Matrix denseDecode(int[] indices, float[] values) {
        int rows = indices.length / k;
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(indices, new Shape(rows, k)).toType(DataType.INT64, false);
            NDArray vals = scope.create(values, new Shape(rows, k));
            NDArray latent = scope.zeros(new Shape(rows, nFeatures)).scatter(ids, vals, 1);
            return new Matrix(rows, dIn, latent.matMul(dec).add(preB).toFloatArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
