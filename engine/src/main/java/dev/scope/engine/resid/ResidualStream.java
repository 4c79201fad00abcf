package dev.scope.engine.resid;

import dev.scope.engine.Matrix;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a forward pass captured, in plain Java memory. Each per-block array is [batch, tokens, width],
 * row-major; token 0 is CLS and tokens 1..n are the patches in row-major order.
 */
public record ResidualStream(
        int batch,
        int tokens,
        int width,
        SortedMap<Integer, float[]> resid,
        float[] embeddingsData,
        float[] pooledData,
        float[] imageEmbedsData,
        int projectionDim) {

    public ResidualStream {
        resid = Collections.unmodifiableSortedMap(new TreeMap<>(resid));
    }

    /** The (tokens, width) residual stream of one image at the output of {@code block}. */
    public Matrix resid(int block, int image) {
        float[] all = resid.get(block);
        if (all == null) {
            throw new IllegalArgumentException("Block " + block + " was not captured; captured blocks are "
                    + resid.keySet() + ".");
        }
        return slice(all, image, tokens, width);
    }

    /** The (batch·tokens, width) residual stream of the whole batch at {@code block}, as the SAE takes it. */
    public Matrix residFlat(int block) {
        resid(block, 0);
        return new Matrix(batch * tokens, width, resid.get(block));
    }

    public Matrix embeddings(int image) {
        if (embeddingsData == null) {
            throw new IllegalStateException("The embeddings were not captured; ask for them with Capture.withEmbeddings().");
        }
        return slice(embeddingsData, image, tokens, width);
    }

    /** Post-LayerNorm CLS, (batch, width). */
    public Matrix pooled() {
        if (pooledData == null) {
            throw new IllegalStateException("The pooled output was not captured; ask for it with Capture.withPooled().");
        }
        return new Matrix(batch, width, pooledData);
    }

    /** The image embedding after visual_projection, (batch, projectionDim). */
    public Matrix imageEmbeds() {
        if (imageEmbedsData == null) {
            throw new IllegalStateException("The image embedding was not captured; ask for it with Capture.withPooled().");
        }
        return new Matrix(batch, projectionDim, imageEmbedsData);
    }

    public Map<Integer, float[]> residArrays() {
        return resid;
    }

    private static Matrix slice(float[] all, int image, int rows, int cols) {
        int per = rows * cols;
        float[] out = new float[per];
        System.arraycopy(all, image * per, out, 0, per);
        return new Matrix(rows, cols, out);
    }
}
