package dev.scope.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code x · wᵀ}, float32, on the fastest matrix product this engine has: x [T, d] by w [width, d]
 * (as Linear stores its weight, and as TopKSae keeps encᵀ), giving [T, width] row-major.
 *
 * <p>libtorch has two matrix-product libraries, and through DJL each op reaches only one of them.
 * {@code matMul} and {@code Linear} run on MKL, which takes its AVX2 kernels on AMD processors; a 1×1
 * convolution runs on oneDNN, which dispatches on the instruction set and takes AVX-512 kernels
 * wherever the CPU has them. So with at least {@link #MIN_CONVOLUTION_ROWS} rows the product is written
 * as a convolution: x is a one-pixel-wide image of T pixels with d channels (its row-major memory is
 * already the channels-last layout, so nothing is copied), each row of w is a 1×1 filter, and the
 * output, channels-last again, is [T, width] row-major. oneDNN reorders w into its blocked layout on
 * every call, which the product's arithmetic pays for from a few dozen rows on. The 1×1 kernel's
 * dilation of 2 changes nothing in the result; it keeps libtorch from sending single-threaded 1×1
 * convolutions to its slower fallback.
 *
 * <p>oneDNN 3.7.1 in libtorch 2.7.1 computes wrong values in the last output-channel block when the
 * channel count is not a multiple of the block it picks (16, 32, 48 or 64 channels; e.g. the last 16
 * of 4,096 filters on 100 pixels came out wrong on the dev machine). So only multiples of
 * {@link #CONVOLUTION_WIDTH} columns, which all those blocks divide, go through the convolution, and
 * the first product of each shape is also computed on MKL and compared: on disagreement that shape
 * stays on MKL.
 */
public final class MatrixProduct {
    /** Divisible by every output-channel block oneDNN's 1×1 kernels use (16, 32, 48, 64). */
    public static final int CONVOLUTION_WIDTH = 192;
    /**
     * Below this many rows MKL is faster: the product is bound by reading the weights rather than by
     * arithmetic, and the convolution also reorders them into its blocked layout first (about a third
     * of its time at 257 rows on the dev machine).
     */
    public static final int MIN_CONVOLUTION_ROWS = 192;
    /** How far the two libraries may differ on a product, relative to its largest value. */
    private static final float AGREEMENT = 1e-3f;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final Shape DILATED = new Shape(1, 2);

    /** A product's shape and the thread count it ran on (oneDNN's blocking depends on all four). */
    private record Key(long rows, long d, long width, int threads) {
    }

    private static final Set<Key> VERIFIED = ConcurrentHashMap.newKeySet();
    private static final Set<Key> REFUSED = ConcurrentHashMap.newKeySet();

    private MatrixProduct() {
    }

    /**
     * {@code x · rowsᵀ} (x [T, d], rows [width, d], both float32), owned by x's manager. With at least
     * {@link #MIN_CONVOLUTION_ROWS} rows, the widest multiple of {@link #CONVOLUTION_WIDTH} of the columns
     * runs on oneDNN and a narrower rest (as the 64 after 4,032 of a 4,096-wide layer) on MKL, the two
     * joined: on the dev machine that took 11.0 ms for 257 × 1024 × 4096 where MKL alone took 16.1 and
     * the convolution of all 4,096 columns 12.9.
     */
    public static NDArray times(NDArray x, NDArray rows) {
        long t = x.getShape().get(0);
        long width = rows.getShape().get(0);
        if (t < MIN_CONVOLUTION_ROWS) {
            return fewRows(x, rows);
        }
        rows = ownedLike(x, rows);
        long main = width - width % CONVOLUTION_WIDTH;
        if (main == 0) {
            return mkl(x, rows);
        }
        if (main == width) {
            return verifiedConvolution(x, rows);
        }
        NDArray head = verifiedConvolution(x, rows.get(new NDIndex("0:" + main)));
        NDArray rest = mkl(x, rows.get(new NDIndex(main + ":")));
        return head.concat(rest, 1);
    }

    /**
     * {@code x · weightᵀ + bias} over the last dimension of x, any leading shape, float32 (bias may be null):
     * a layer's product on oneDNN where {@link #times} would take it, otherwise through Linear as before.
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long d = shape.get(shape.dimension() - 1);
        long t = d == 0 ? 0 : shape.size() / d;
        if (t < MIN_CONVOLUTION_ROWS) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        NDArray product = times(x.reshape(t, d), weight);
        if (bias != null) {
            product.addi(bias);
        }
        long[] dims = shape.getShape();
        dims[dims.length - 1] = weight.getShape().get(0);
        return product.reshape(new Shape(dims));
    }

    /** The convolution, its first product of each shape compared with MKL's: on disagreement the shape stays on MKL. */
    private static NDArray verifiedConvolution(NDArray x, NDArray rows) {
        Key key = new Key(x.getShape().get(0), x.getShape().get(1), rows.getShape().get(0), JniUtils.getNumThreads());
        if (REFUSED.contains(key)) {
            return mkl(x, rows);
        }
        NDArray product = convolution(x, rows);
        if (VERIFIED.contains(key)) {
            return product;
        }
        NDArray reference = mkl(x, rows);
        float scale = Math.max(1f, reference.abs().max().getFloat());
        if (product.sub(reference).abs().max().getFloat() <= AGREEMENT * scale) {
            VERIFIED.add(key);
            return product;
        }
        REFUSED.add(key);
        return reference;
    }

    /** Whether a product of this shape runs on oneDNN, all of it or its widest multiple of {@link #CONVOLUTION_WIDTH}. */
    public static boolean usesConvolution(long rows, long d, long width) {
        long main = width - width % CONVOLUTION_WIDTH;
        return rows >= MIN_CONVOLUTION_ROWS && main > 0
                && !REFUSED.contains(new Key(rows, d, main, JniUtils.getNumThreads()));
    }

    /**
     * {@code (rows · xᵀ)ᵀ}, copied row-major: for a few rows of x, MKL's matrix-vector style product over
     * the rows of w is up to twice as fast as Linear's (1 to 128 rows of 1024 against 65,536 on the dev
     * machine). A single row is multiplied as two (itself twice): MKL's one-column kernel, sgemv, read the
     * 268 MB of a 65,536 × 1024 w at about 20 GB/s on the dev machine (median 13.8 ms), its two-column
     * product at about 30 (8.9 ms).
     */
    static NDArray fewRows(NDArray x, NDArray rows) {
        rows = ownedLike(x, rows);
        if (x.getShape().get(0) == 1) {
            NDArray twice = rows.matMul(x.repeat(0, 2).transpose());
            return twice.get(":, 0").reshape(1, rows.getShape().get(0));
        }
        return RowMajor.copyOf(rows.matMul(x.transpose()).transpose());
    }

    /**
     * A view of {@code rows} owned by x's manager: DJL gives an op's result to its first operand's manager,
     * so views and products made from the weights themselves would stay with the weights' long-lived one.
     */
    private static NDArray ownedLike(NDArray x, NDArray rows) {
        return rows.getManager() == x.getManager() ? rows : rows.get(x.getManager(), new NDIndex(":"));
    }

    /** {@code x · rowsᵀ} through Linear (MKL). */
    public static NDArray mkl(NDArray x, NDArray rows) {
        return Linear.linear(x, rows, null).singletonOrThrow();
    }

    /** {@code x · rowsᵀ} as a 1×1 convolution (oneDNN), whatever the shape: see the class comment for the shapes it gets wrong. */
    public static NDArray convolution(NDArray x, NDArray rows) {
        long t = x.getShape().get(0);
        long d = x.getShape().get(1);
        long width = rows.getShape().get(0);
        NDArray image = x.reshape(1, t, 1, d).transpose(0, 3, 1, 2); // [1, d, T, 1], channels-last
        NDArray filters = ownedLike(x, rows).reshape(width, d, 1, 1);
        NDArray out = Conv2d.conv2d(image, filters, null, ONE, NO_PADDING, DILATED).singletonOrThrow();
        return out.transpose(0, 2, 3, 1).reshape(t, width); // [1, width, T, 1] channels-last is [T, width]
    }
}
