package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.scope.engine.RowMajor;
import dev.scope.engine.io.MappedPages;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.Tensor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads named tensors of a CLIP {@code model.safetensors} into native arrays owned by one manager,
 * checking each shape against what {@code config.json} implies, and stores them as {@code storage}
 * (float32, or float16 to halve memory).
 */
public final class WeightReader {
    private final Safetensors file;
    private final NDManager manager;
    private final DataType storage;
    private final List<Tensor> fused = new ArrayList<>();

    public WeightReader(Safetensors file, NDManager manager, DataType storage) {
        this.file = file;
        this.manager = manager;
        this.storage = storage;
    }

    public NDManager manager() {
        return manager;
    }

    public DataType storage() {
        return storage;
    }

    public boolean contains(String name) {
        return file.contains(name);
    }

    public NDArray get(String name, long... shape) throws IOException {
        return tensor(name, shape).toNDArray(manager, storage);
    }

    /** A [rows, cols] weight stored as its row-major transpose, so a forward pass makes no views of it. */
    public NDArray transposed(String name, long rows, long cols) throws IOException {
        return transposeOf(get(name, rows, cols));
    }

    /** The row-major transpose of a 2-d array this reader made. */
    public NDArray transposeOf(NDArray matrix) {
        NDArray copy = RowMajor.copyOf(matrix.transpose());
        copy.attach(manager);
        return copy;
    }

    /** A 0-dimensional float tensor, such as {@code logit_scale}. */
    public float scalar(String name) throws IOException {
        return tensor(name).toFloats()[0];
    }

    /** A float32 view for fusing (q, k, v); its mapped pages are given back by {@link #releaseFused}. */
    public NDArray getF32(String name, NDManager m, long... shape) throws IOException {
        Tensor t = tensor(name, shape);
        fused.add(t);
        return t.toNDArray(m, DataType.FLOAT32);
    }

    /** Once the fused copy is made, the pages its parts were read from can go. */
    public void releaseFused() {
        fused.forEach(t -> MappedPages.release(t.data()));
        fused.clear();
    }

    private Tensor tensor(String name, long... shape) throws IOException {
        if (!file.contains(name)) {
            throw new ClipConfigException("The CLIP weights " + file.path() + " have no tensor " + name
                    + "; is this a Hugging Face CLIPModel checkpoint matching its config.json?");
        }
        Tensor t = file.tensor(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ClipConfigException("The CLIP weights " + file.path() + " give " + name + " the shape "
                    + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(shape) + ".");
        }
        return t;
    }
}
