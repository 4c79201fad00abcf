package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.scope.engine.ComputeType;
import dev.scope.engine.Matrix;
import dev.scope.engine.MatrixProduct;
import dev.scope.engine.RowMajor;
import dev.scope.engine.io.DType;
import dev.scope.engine.io.MappedPages;
import dev.scope.engine.io.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * clipscope's TopK sparse autoencoder:
 * <pre>
 *   pre            = (x − pre_b) · enc                 (rows × n_features)
 *   latent         = the k largest entries of each row of pre, kept as they are (no ReLU), else 0
 *   reconstruction = latent · dec + pre_b              (rows × d_in)
 * </pre>
 * The dense pre-activation never leaves native memory: it is computed a block of latents at a time
 * ({@link MatrixProduct}, on the fastest product the engine has), each row's top k is kept as the
 * blocks pass ({@link RowTopK}), and the decoder gathers only the k kept rows of {@code dec} per input row instead of
 * multiplying by the dense latent. enc is kept transposed, as encᵀ [n_features, d_in] row-major, so a
 * block of latents is a contiguous band of rows, as the convolution and the row gathers want it.
 *
 * <p>Every temporary is kept under {@link #TEMP_ELEMENTS} floats (16 MB). That is not only about
 * peak memory: glibc serves larger blocks with fresh mmap pages on every call, and first-touch page
 * faults are slow on small VMs (on the 2-core dev VM the encoder with one 257 × 65,536 result took
 * about 380 ms, in blocks about 260 ms).
 *
 * <p>Many images at once are one call: pass their tokens as the rows of one matrix (or an
 * (images, tokens, d_in) array) and split the output with {@link SaeOutput#rows(int, int)}; the weights
 * are then read and reordered once for all of them.
 *
 * <p>On a GPU the temporaries may reach {@link #GPU_TEMP_ELEMENTS} instead: there, small blocks cost
 * a launch each and page faults do not arise, and the products are plain matMul (cuBLAS).
 *
 * <p>Weights live in this object's own {@link NDManager}, a child of the one it was loaded with,
 * and may be stored as float32 (default) or, to halve their memory, float16. The arithmetic is
 * float32 (on the CPU float16 weights are widened a block at a time into one reused buffer; a few rows
 * are screened in float16 and proved in float32, {@link HalfScreen}), but for float16 weights on a GPU,
 * where the encoder and decoder run in float16 on the matrix units (the top k is chosen among float16
 * pre-activations; the bias is added in float32). (bfloat16 would be the better half type, but creating a bfloat16 array aborts
 * libtorch through DJL 0.36, so it is refused.) Every call works in a sub-manager that is closed
 * before returning, so native memory does not grow from call to call.
 *
 * <pre>
 * jshell&gt; try (var manager = NDManager.newBaseManager();
 *    ...&gt;      var sae = TopKSae.load(SaeCheckpoint.read(Path.of("saes/22_resid/1200013184.pt")), manager)) {
 *    ...&gt;     SaeOutput out = sae.forwardVerbose(resid);   // resid: 257 × 1024
 *    ...&gt; }
 * </pre>
 */
public final class TopKSae implements AutoCloseable {
    /** The most floats any one temporary array may hold (16 MB); see the class comment. */
    static final long TEMP_ELEMENTS = 1L << 22;
    /** The same limit on a GPU (256 MB in float32): one pass of 1,024 rows then encodes in one block. */
    static final long GPU_TEMP_ELEMENTS = 1L << 26;
    /** Rows are encoded at most this many at a time, so that latent blocks stay wide. */
    private static final int MAX_ROWS_PER_PASS = 1024;
    /** Up to this many rows, float16 weights are screened in float16 first ({@link HalfScreen}). */
    static final int SCREENED_ROWS = 2;

    private final NDManager manager;
    private final int k;
    private final int dIn;
    private final int nFeatures;
    private final DataType storage;
    private final DataType compute;
    private final long tempElements;
    private final boolean gpu;
    private final NDArray preB;
    /** enc transposed: [n_features, d_in], row-major. */
    private final NDArray encT;
    private final NDArray dec;
    /** The largest row norm of encᵀ, for {@link HalfScreen}'s error bound (float16 storage only). */
    private final float maxEncRowNorm;
    private volatile boolean closed;

    private TopKSae(NDManager manager, int k, NDArray preB, NDArray encT, NDArray dec) {
        this.manager = manager;
        this.k = k;
        this.preB = preB;
        this.encT = encT;
        this.dec = dec;
        this.storage = encT.getDataType();
        this.compute = ComputeType.of(manager.getDevice(), storage);
        this.gpu = manager.getDevice().isGpu();
        this.tempElements = gpu ? GPU_TEMP_ELEMENTS : TEMP_ELEMENTS;
        this.dIn = (int) encT.getShape().get(1);
        this.nFeatures = (int) encT.getShape().get(0);
        this.maxEncRowNorm = storage == DataType.FLOAT16 && compute == DataType.FLOAT32 ? maxRowNorm(encT) : Float.NaN;
    }

    /**
     * The checkpoint's SAE, its weights owned by a new child of {@code parent}, stored as float32.
     * A float32 dec is not copied: DJL wraps the checkpoint's memory map (and keeps it alive), so its
     * pages are read on first use and cost no anonymous memory; the file must therefore not be
     * overwritten in place while the SAE is open (replacing it is fine). enc is copied transposed, a
     * band of rows at a time, each band's file pages given back once copied.
     */
    public static TopKSae load(SaeCheckpoint checkpoint, NDManager parent) {
        return load(checkpoint, parent, DataType.FLOAT32);
    }

    /** As {@link #load(SaeCheckpoint, NDManager)}, storing enc and dec as {@code storage} (FLOAT16 makes a copy). */
    public static TopKSae load(SaeCheckpoint checkpoint, NDManager parent, DataType storage) {
        checkStorage(storage);
        NDManager own = parent.newSubManager();
        try {
            NDArray preB = nativeArray(own, checkpoint.preB(), DataType.FLOAT32);
            NDArray encT = transposed(own, checkpoint.enc(), storage);
            NDArray dec = nativeArray(own, checkpoint.dec(), storage);
            return new TopKSae(own, checkpoint.k(), preB, encT, dec);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * An SAE from arrays already in native memory (pre_b [d_in], enc [d_in, F], dec [F, d_in]);
     * it takes ownership of them, stores enc and dec as {@code storage} and closes them with itself.
     */
    public static TopKSae of(NDManager parent, int k, NDArray preB, NDArray enc, NDArray dec, DataType storage) {
        checkStorage(storage);
        Shape e = enc.getShape();
        if (e.dimension() != 2 || !preB.getShape().equals(new Shape(e.get(0)))
                || !dec.getShape().equals(new Shape(e.get(1), e.get(0)))) {
            throw new SaeInputException("SAE weights need pre_b [d_in], enc [d_in, F] and dec [F, d_in], not "
                    + preB.getShape() + ", " + e + " and " + dec.getShape() + ".");
        }
        if (k < 1 || k > e.get(1)) {
            throw new SaeInputException("k = " + k + " is not between 1 and the " + e.get(1) + " latents.");
        }
        NDManager own = parent.newSubManager();
        NDArray narrowed = owned(own, enc, storage);
        NDArray encT = RowMajor.copyOf(narrowed.transpose());
        narrowed.close();
        return new TopKSae(own, k, owned(own, preB, DataType.FLOAT32), encT, owned(own, dec, storage));
    }

    /**
     * enc [d_in, F] from the checkpoint as encᵀ [F, d_in] row-major in {@code storage}: a band of enc's
     * rows at a time is read in place (bfloat16 widened in Java first) and written transposed into
     * the result, and the band's pages are given back ({@link MappedPages}), so a load holds at most
     * one band of the file beside the copy.
     */
    private static NDArray transposed(NDManager own, Tensor enc, DataType storage) {
        int dIn = Math.toIntExact(enc.shape()[0]);
        int features = Math.toIntExact(enc.shape()[1]);
        NDArray out = own.create(new Shape(features, dIn), storage);
        int band = (int) Math.max(1, Math.min(dIn, TEMP_ELEMENTS / features));
        long rowBytes = (long) features * enc.dtype().bytes();
        for (int from = 0; from < dIn; from += band) {
            int to = Math.min(dIn, from + band);
            ByteBuffer bytes = enc.data().duplicate().position(Math.toIntExact(from * rowBytes))
                    .limit(Math.toIntExact(to * rowBytes)).slice().order(ByteOrder.LITTLE_ENDIAN);
            try (NDManager scratch = own.newSubManager()) {
                Tensor rows = new Tensor(enc.name(), enc.dtype(), new long[] {to - from, features}, bytes);
                NDArray source = rows.dtype() == DType.BF16 ? widenedBf16(scratch, rows)
                        : scratch.create(bytes, rows.djlShape(), rows.dtype().djl());
                out.set(new NDIndex(":, " + from + ":" + to), source.transpose());
            }
            MappedPages.release(bytes);
        }
        return out;
    }

    /** The largest Euclidean norm of a row of {@code rows}, a band at a time. */
    private static float maxRowNorm(NDArray rows) {
        long n = rows.getShape().get(0);
        long band = Math.max(1, TEMP_ELEMENTS / rows.getShape().get(1));
        float max = 0;
        try (NDManager scratch = rows.getManager().newSubManager()) {
            for (long from = 0; from < n; from += band) {
                NDArray part = rows.get(scratch, new NDIndex(from + ":" + Math.min(n, from + band)));
                max = Math.max(max, float32(part).norm(new int[] {1}).max().getFloat());
            }
        }
        return max;
    }

    /** A checkpoint tensor in native memory; bfloat16 is widened in Java, as DJL cannot hold it. */
    private static NDArray nativeArray(NDManager own, Tensor t, DataType type) {
        if (t.dtype() != DType.BF16) {
            return t.toNDArray(own, type);
        }
        NDArray f32 = widenedBf16(own, t);
        MappedPages.release(t.data());
        return type == DataType.FLOAT32 ? f32 : owned(own, f32, type);
    }

    private static NDArray widenedBf16(NDManager manager, Tensor t) {
        ByteBuffer src = t.data();
        ByteBuffer wide = ByteBuffer.allocateDirect(Math.toIntExact(t.numel() * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.numel(); i++) {
            wide.putInt((src.getShort(i * 2) & 0xffff) << 16);
        }
        return manager.create(wide.flip(), t.djlShape(), DataType.FLOAT32);
    }

    private static NDArray owned(NDManager own, NDArray array, DataType type) {
        array.attach(own);
        if (array.getDataType() == type) {
            return array;
        }
        NDArray converted = array.toType(type, false);
        array.close();
        return converted;
    }

    private static void checkStorage(DataType storage) {
        if (storage == DataType.BFLOAT16) {
            throw new SaeInputException("SAE weights cannot be stored as BFLOAT16, which aborts libtorch through"
                    + " DJL 0.36; store them as FLOAT16 to halve their memory, or as FLOAT32.");
        }
        if (storage != DataType.FLOAT32 && storage != DataType.FLOAT16) {
            throw new SaeInputException("SAE weights can be stored as FLOAT32 or FLOAT16, not " + storage + ".");
        }
    }

    public int k() {
        return k;
    }

    public int dIn() {
        return dIn;
    }

    public int nFeatures() {
        return nFeatures;
    }

    /** The manager that owns the weights (for tests of what it holds). */
    NDManager manager() {
        return manager;
    }

    /** How enc and dec are stored. */
    public DataType storageType() {
        return storage;
    }

    /** What the encoder and decoder compute in: float32, or float16 for float16 weights on a GPU. */
    public DataType computeType() {
        return compute;
    }

    /** The forward pass on {@code x.rows()} activations of width d_in. */
    public SaeOutput forwardVerbose(Matrix x) {
        checkOpen();
        try (NDManager scope = manager.newSubManager()) {
            return forward(input(scope, x));
        }
    }

    /**
     * The forward pass on native activations whose last dimension is d_in; leading dimensions are
     * flattened row-major, so (images, tokens, d_in) gives rows image by image. {@code x} stays
     * with its own manager.
     */
    public SaeOutput forwardVerbose(NDArray x) {
        checkOpen();
        try (NDManager scope = manager.newSubManager()) {
            return forward(input(scope, x));
        }
    }

    /**
     * {@code latent · dec + pre_b} for latents given as {@code k} (id, value) pairs per row, laid out
     * row by row as {@link SaeOutput#indices()} and {@link SaeOutput#values()} are: an output's
     * reconstruction again, or that of an output whose values were edited (to ablate or steer latents).
     */
    public Matrix decode(int[] indices, float[] values) {
        checkOpen();
        if (indices.length != values.length || indices.length == 0 || indices.length % k != 0) {
            throw new SaeInputException("Decoding needs k = " + k + " latent ids and as many values per row, not "
                    + indices.length + " ids and " + values.length + " values; pass an SaeOutput's indices and values.");
        }
        for (int f : indices) {
            if (f < 0 || f >= nFeatures) {
                throw new SaeInputException("Latent " + f + " does not exist; this SAE has latents 0 to "
                        + (nFeatures - 1) + ".");
            }
        }
        int rows = indices.length / k;
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(indices, new Shape(rows, k)).toType(DataType.INT64, false);
            NDArray vals = scope.create(values, new Shape(rows, k));
            return new Matrix(rows, dIn, decode(scope, vals, ids).toFloatArray());
        }
    }

    /**
     * The decoder rows {@code dec[f]} of the chosen latents, float32, row {@code j} for
     * {@code latents[j]}: the direction each latent writes into the residual stream (to steer by).
     */
    public Matrix decoderRows(int... latents) {
        checkOpen();
        for (int f : latents) {
            if (f < 0 || f >= nFeatures) {
                throw new SaeInputException("Latent " + f + " does not exist; this SAE has latents 0 to "
                        + (nFeatures - 1) + ".");
            }
        }
        if (latents.length == 0) {
            return new Matrix(0, dIn, new float[0]);
        }
        try (NDManager scope = manager.newSubManager()) {
            long[] ids = new long[latents.length];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = latents[j];
            }
            NDArray rows = float32(dec.get(scope, new NDIndex("{}", scope.create(ids))));
            return new Matrix(latents.length, dIn, rows.toFloatArray());
        }
    }

    /**
     * {@code (x − pre_b) · enc[:, f]} for each chosen latent f, on every row: the pre-activation a
     * latent would have whether or not it made the top k (for heatmaps of one latent).
     * Column {@code j} of the result belongs to {@code latents[j]}.
     */
    public Matrix preActivations(Matrix x, int... latents) {
        checkOpen();
        try (NDManager scope = manager.newSubManager()) {
            return preActivations(scope, input(scope, x), latents);
        }
    }

    /** As {@link #preActivations(Matrix, int...)} on native activations. */
    public Matrix preActivations(NDArray x, int... latents) {
        checkOpen();
        try (NDManager scope = manager.newSubManager()) {
            return preActivations(scope, input(scope, x), latents);
        }
    }

    private Matrix preActivations(NDManager scope, NDArray x, int[] latents) {
        for (int f : latents) {
            if (f < 0 || f >= nFeatures) {
                throw new SaeInputException("Latent " + f + " does not exist; this SAE has latents 0 to "
                        + (nFeatures - 1) + ".");
            }
        }
        int rows = (int) x.getShape().get(0);
        if (latents.length == 0) {
            return new Matrix(rows, 0, new float[0]);
        }
        long[] ids = new long[latents.length];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = latents[j];
        }
        NDArray weights = x.getNDArrayInternal().embedding(scope.create(ids), encT, SparseFormat.DENSE).singletonOrThrow();
        return new Matrix(rows, latents.length, MatrixProduct.mkl(centered(x), float32(weights)).toFloatArray());
    }

    private SaeOutput forward(NDArray x) {
        int rows = (int) x.getShape().get(0);
        int[] indices = new int[Math.multiplyExact(rows, k)];
        float[] values = new float[indices.length];
        float[] reconstruction = new float[Math.multiplyExact(rows, dIn)];
        int passes = (rows + MAX_ROWS_PER_PASS - 1) / MAX_ROWS_PER_PASS; // of equal size, no thin remainder
        for (int p = 0; p < passes; p++) {
            int start = (int) ((long) rows * p / passes);
            int end = (int) ((long) rows * (p + 1) / passes);
            try (NDManager pass = x.getManager().newSubManager()) {
                NDArray chunk = start == 0 && end == rows ? x : x.get(pass, new NDIndex(start + ":" + end));
                NDList top = encodeTopK(pass, centered(chunk));
                NDArray recon = decode(pass, top.get(0), top.get(1));
                System.arraycopy(top.get(0).toType(DataType.FLOAT32, false).toFloatArray(), 0, values, start * k,
                        (end - start) * k);
                System.arraycopy(top.get(1).toType(DataType.INT32, false).toIntArray(), 0, indices, start * k,
                        (end - start) * k);
                System.arraycopy(recon.toFloatArray(), 0, reconstruction, start * dIn, (end - start) * dIn);
            }
        }
        return new SaeOutput(rows, k, nFeatures, indices, values, new Matrix(rows, dIn, reconstruction));
    }

    /** {@code x − pre_b}, the encoder's input. */
    private NDArray centered(NDArray x) {
        return x.sub(preB);
    }

    /**
     * The k largest entries of each row of {@code centered · enc}: (values, int64 latent ids), largest
     * first, in the compute type. enc is taken a block of latents at a time ({@link #blockEnds}); blocks
     * stored otherwise than the compute type are converted into one buffer reused for every block, and on
     * the CPU a few rows against float16 weights are screened first. On the CPU each block's entries are
     * offered to one {@link RowTopK}; on a GPU, where the blocks are not in host memory, each block's top k
     * is taken there and the blocks' candidates merged (the top k of a row lie among the top k of its
     * blocks, so this is exact).
     */
    private NDList encodeTopK(NDManager pass, NDArray centered) {
        centered = computed(centered);
        int rows = (int) centered.getShape().get(0);
        if (storage == DataType.FLOAT16 && compute == DataType.FLOAT32 && rows <= SCREENED_ROWS) {
            NDList screened = HalfScreen.topK(pass, centered, encT, maxEncRowNorm, k);
            if (screened != null) {
                return screened;
            }
        }
        int[] ends = blockEnds(rows);
        NDArray widened = null;
        if (storage != compute) {
            int widest = ends[0];
            for (int b = 1; b < ends.length; b++) {
                widest = Math.max(widest, ends[b] - ends[b - 1]);
            }
            widened = pass.create(new Shape(widest, dIn), compute);
        }
        RowTopK kept = gpu ? null : new RowTopK(rows, k);
        NDList values = new NDList();
        NDList ids = new NDList();
        for (int b = 0, from = 0; b < ends.length; from = ends[b++]) {
            int to = ends[b];
            try (NDManager scratch = pass.newSubManager()) {
                NDArray band = ends.length == 1 ? encT : encT.get(scratch, new NDIndex(from + ":" + to));
                if (widened != null) {
                    NDArray target = to - from == widened.getShape().get(0) ? widened
                            : widened.get(scratch, new NDIndex("0:" + (to - from)));
                    target.set(new NDIndex(":"), band);
                    band = target;
                }
                NDArray pre = gpu ? MatrixProduct.mkl(centered, band) : MatrixProduct.times(centered, band);
                pre.attach(scratch);
                if (kept != null) {
                    kept.offer(pre, from);
                    continue;
                }
                NDList top = pre.topK(Math.min(k, to - from), 1, true, false);
                top.attach(pass);
                values.add(top.get(0));
                ids.add(from == 0 ? top.get(1) : top.get(1).add(from));
            }
        }
        if (kept != null) {
            return kept.result().toNDList(pass);
        }
        NDList best = (values.size() == 1 ? values.get(0) : NDArrays.concat(values, 1)).topK(k, 1, true, true);
        return new NDList(best.get(0), (ids.size() == 1 ? ids.get(0) : NDArrays.concat(ids, 1)).gather(best.get(1), 1));
    }

    /**
     * Where each block of latents ends. A block's pre-activations (rows × width) and, on the
     * convolution's path or with weights stored otherwise than computed, its converted weights (width × d_in)
     * stay under {@link #TEMP_ELEMENTS} ({@link #GPU_TEMP_ELEMENTS} on a GPU). On the convolution's path blocks are multiples of its width
     * ({@link MatrixProduct#CONVOLUTION_WIDTH}) but for a last narrow one; otherwise of equal width.
     */
    private int[] blockEnds(int rows) {
        boolean convolution = !gpu && rows >= MatrixProduct.MIN_CONVOLUTION_ROWS;
        long widest = Math.min(nFeatures, tempElements / rows);
        if (convolution || storage != compute) {
            widest = Math.min(widest, tempElements / dIn);
        }
        widest = Math.max(1, widest);
        int step = MatrixProduct.CONVOLUTION_WIDTH;
        if (!convolution || widest < step) {
            int blocks = (int) ((nFeatures + widest - 1) / widest); // of equal width, no thin remainder
            int[] ends = new int[blocks];
            for (int b = 0; b < blocks; b++) {
                ends[b] = (int) ((long) nFeatures * (b + 1) / blocks);
            }
            return ends;
        }
        widest -= widest % step;
        List<Integer> ends = new ArrayList<>();
        for (int from = 0; from < nFeatures; ) {
            int width = (int) Math.min(widest, nFeatures - from);
            if (width > step) {
                width -= width % step;
            }
            from += width;
            ends.add(from);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code latent · dec + pre_b} from the k kept (value, id) pairs of each row, as
     * Σ_j value_j · dec[id_j] over gathered rows of dec, a few input rows at a time.
     */
    private NDArray decode(NDManager pass, NDArray topValues, NDArray topIndices) {
        int rows = (int) topValues.getShape().get(0);
        int perChunk = (int) Math.max(1, tempElements / ((long) k * dIn));
        NDList parts = new NDList();
        for (int start = 0; start < rows; start += perChunk) {
            int end = Math.min(rows, start + perChunk);
            NDIndex slice = new NDIndex(start + ":" + end);
            try (NDManager scratch = pass.newSubManager()) {
                NDArray values = computed(topValues.get(scratch, slice));
                // embedding (torch's index_select) copies whole rows of dec; advanced indexing, dec.get(NDIndex("{}", ids)),
                // computes an offset per element and took 90-190 ms for 257 × 32 rows where this takes 5-12 ms
                NDArray gathered = values.getNDArrayInternal()
                        .embedding(topIndices.get(scratch, slice), dec, SparseFormat.DENSE).singletonOrThrow();
                gathered.attach(scratch);
                NDArray kept = computed(gathered).reshape(end - start, k, dIn);
                NDArray sum = float32(values.expandDims(1).batchMatMul(kept).reshape(end - start, dIn));
                sum.attach(pass);
                parts.add(sum);
            }
        }
        NDArray sum = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        return sum.add(preB);
    }

    private static NDArray float32(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
    }

    private NDArray computed(NDArray a) {
        return a.getDataType() == compute ? a : a.toType(compute, false);
    }

    private NDArray input(NDManager scope, Matrix x) {
        if (x.cols() != dIn) {
            throw widthMismatch(x.cols());
        }
        if (x.rows() == 0) {
            throw new SaeInputException("The activations have no rows; pass at least one token.");
        }
        return scope.create(x.data(), new Shape(x.rows(), x.cols()));
    }

    private NDArray input(NDManager scope, NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() == 0 || s.get(s.dimension() - 1) != dIn) {
            throw widthMismatch(s.dimension() == 0 ? 0 : s.get(s.dimension() - 1));
        }
        if (s.size() == 0) {
            throw new SaeInputException("The activations have no rows; pass at least one token.");
        }
        x.tempAttach(scope); // results of ops on x now belong to the scope; x goes home when it closes
        NDArray rows = x.reshape(s.size() / dIn, dIn);
        return float32(rows);
    }

    private SaeInputException widthMismatch(long width) {
        return new SaeInputException("The activations are " + width + " wide but this SAE reads d_in = " + dIn
                + "; pass the residual stream of the model and layer it was trained on.");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This SAE has been closed; load it again to use it.");
        }
    }

    @Override
    public void close() {
        closed = true;
        manager.close();
    }

    @Override
    public String toString() {
        return "TopKSae(d_in " + dIn + ", " + nFeatures + " latents, k " + k + ", " + storage + ")";
    }
}
