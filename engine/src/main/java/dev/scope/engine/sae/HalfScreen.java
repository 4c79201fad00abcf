package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;

/**
 * The top k of a few rows against float16-stored weights without widening all of them. A row's
 * product with the whole encoder is bound by reading the weights; widening them to float32 first
 * reads 128 MB and writes 256 MB, where libtorch's float16 matrix-vector kernel reads the 128 MB
 * once. Its results are rounded to float16, so they only screen: the {@link #CANDIDATES} best
 * latents of the row are scored again in float32 (their rows of encᵀ widened, a product with the
 * float32 row), and the top k of those is the answer if it is provably the top k of the row.
 *
 * <p>The proof: with u = 2⁻¹¹ (float16's rounding) and γ = d_in·2⁻²⁴ (a float32 sum of d_in
 * products), rounding the row to float16, accumulating in float32 and rounding the result make the
 * screened value ŷ of latent f differ from the float32 product y by at most
 * {@code 2u·|ŷ| + (u + 2γ)·‖x‖·‖w_f‖ + 2⁻²⁵·√d_in·‖w_f‖} (the last term for entries of x below
 * float16's normal range). For d_in up to {@link #MAX_D_IN}, {@link #error} bounds that by
 * {@code 2⁻¹⁰·(|ŷ| + ‖x‖·W) + 2⁻¹⁶·(1 + W)}, W the largest row norm of encᵀ. Every latent that was not
 * a candidate screened at most τ, the last candidate's value, so its float32 value is at most
 * τ + error(τ). When the k-th exact candidate value is above that, no latent outside the candidates
 * can be in the top k. The bound is also checked on the candidates themselves, which catches a kernel
 * that rounds more than assumed. A row that fails either test is left to the full float32 product.
 */
final class HalfScreen {
    /** Latents rescored per row: enough that the k-th exact value clears the screen's error. */
    static final int CANDIDATES = 256;
    /** The widest rows the error bound holds for (2γ at most u). */
    static final int MAX_D_IN = 4096;

    private HalfScreen() {
    }

    /**
     * (values [rows, k], int64 ids [rows, k]) for the centred rows {@code x} [rows, d_in] against
     * {@code encT} [F, d_in] float16 whose largest row norm is {@code maxRowNorm}; or null when a
     * row's top k could not be proved, and the caller must take the full product.
     */
    static NDList topK(NDManager scope, NDArray x, NDArray encT, float maxRowNorm, int k) {
        int rows = (int) x.getShape().get(0);
        int candidates = (int) Math.min(CANDIDATES, encT.getShape().get(0));
        if (candidates <= k || x.getShape().get(1) > MAX_D_IN) {
            return null;
        }
        NDArray screened = Linear.linear(x.toType(DataType.FLOAT16, false), encT, null).singletonOrThrow()
                .toType(DataType.FLOAT32, false);
        NDList best = screened.topK(candidates, 1, true, true);
        NDArray ids = best.get(1);
        NDArray weights = x.getNDArrayInternal().embedding(ids.flatten(), encT, SparseFormat.DENSE).singletonOrThrow()
                .toType(DataType.FLOAT32, false).reshape(rows, candidates, x.getShape().get(1));
        NDArray exact = weights.batchMatMul(x.expandDims(2)).reshape(rows, candidates); // row r · its candidates
        NDList top = exact.topK(k, 1, true, true);

        float[] approx = best.get(0).toFloatArray();
        float[] exactValues = exact.toFloatArray();
        float[] kept = top.get(0).toFloatArray();
        float[] norms = x.norm(new int[] {1}).toFloatArray();
        for (int r = 0; r < rows; r++) {
            float reach = norms[r] * maxRowNorm;
            float floor = 0x1p-16f * (1 + maxRowNorm);
            for (int c = 0; c < candidates; c++) {
                float a = approx[r * candidates + c];
                if (!(Math.abs(a - exactValues[r * candidates + c]) <= error(a, reach, floor))) {
                    return null; // also NaN, from a row outside float16's range
                }
            }
            float tau = approx[r * candidates + candidates - 1];
            if (!(kept[r * k + k - 1] > tau + error(tau, reach, floor))) {
                return null;
            }
        }
        return new NDList(top.get(0), ids.gather(top.get(1), 1));
    }

    /** The most a screened value {@code approx} may differ from the float32 product (see the class comment). */
    static float error(float approx, float reach, float floor) {
        return 0x1p-10f * (Math.abs(approx) + reach) + floor;
    }
}
